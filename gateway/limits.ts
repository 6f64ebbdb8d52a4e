/**
 * Limits every operation must stay within before it is planned (GraphQL Armor): depth, aliases,
 * tokens and directives, no field suggestions for unknown fields, no batched requests. A query
 * over a limit is refused with GRAPHQL_VALIDATION_FAILED and the limit it broke.
 * Armor's static cost estimate is off: it ignores `first` and grows with depth, so it refused
 * ordinary queries (a list of units with their members "cost" 107,375). Result sizes are bounded
 * instead by pagination (at most 100 items a list) and the depth limit.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { PlatformConfig } from '../subgraphs/common/config';

export function operationLimits(config: PlatformConfig) {
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    costLimit: { enabled: false },
    maxAliases: { n: 15 },
    maxTokens: { n: 2000 },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: true },
  });
  return armor.protect();
}
