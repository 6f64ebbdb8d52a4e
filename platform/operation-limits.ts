/**
 * Limits every operation must stay within, at the gateway before it is planned and at each subgraph before it
 * runs (a subgraph called from the cluster network holds the same line): tokens (graphql-js's parser), then
 * depth, aliases and directives (GraphQL Armor), no field suggestions for unknown fields, no batched
 * requests. A query over a limit is refused with HTTP 400 and the limit it broke: over the token
 * limit GRAPHQL_PARSE_FAILED (it is not even parsed), over the others GRAPHQL_VALIDATION_FAILED.
 * Armor's own token limit is off: it parses in a plugin hook, where any syntax error (an unclosed
 * brace, not only a long query) became HTTP 500; graphql-js's `maxTokens` fails the parse itself.
 * Armor's static cost estimate is off: it ignores `first` and grows with depth, so it refused
 * ordinary queries (a list of units with their members "cost" 107,375). The cost budget is
 * gateway/cost-limit.ts instead, which multiplies by the requested page sizes (issue 12).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { PlatformConfig } from './config';

const MAX_TOKENS = 2000;

/** The limits' own words as sentences that say what to do (they began "Syntax Error:", though the syntax was fine). */
const LIMIT_MESSAGES: [RegExp, (...groups: string[]) => string][] = [
  [
    /^Syntax Error: Document contains more that? (\d+) tokens\. Parsing aborted\.$/,
    (n) => `The query is longer than the limit of ${n} tokens; split it into smaller queries.`,
  ],
  [
    /^Syntax Error: (Query depth|Aliases|Directives) limit of (\d+) exceeded, found (\d+)\.$/,
    (what, n, found) => `${what} limit of ${n} exceeded (found ${found}); split the query into smaller ones.`,
  ],
];

function plainLimitMessages(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            for (const [pattern, say] of LIMIT_MESSAGES) {
              const match = pattern.exec(error.message);
              if (match) error.message = say(...match.slice(1));
            }
          }
        },
      };
    },
  };
}

export function operationLimits(config: PlatformConfig) {
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    costLimit: { enabled: false },
    maxAliases: { n: 15 },
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
  return {
    ...protection,
    plugins: [...protection.plugins, plainLimitMessages()],
    parseOptions: { maxTokens: MAX_TOKENS },
  };
}
