/**
 * Issue 12, "Nested lists": an operation whose estimated cost (gateway/cost.ts, from the supergraph's
 * `@cost` and `@listSize`) is over the budget (MAX_QUERY_COST) is refused with HTTP 400 and
 * QUERY_TOO_COSTLY once it is resolved, as the other input checks are, before it is planned and
 * before any subgraph is called. Depth and alias limits alone let 15 aliases of three nested pages
 * of 100 through: 15 million items' worth of work for one anonymous request.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloGateway } from '@apollo/gateway';
import { GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../platform/errors';
import { costDirectives, operationCost, type CostDirectives } from './cost';

export function tooCostly(cost: number, budget: number): GraphQLError {
  const message =
    `This operation would cost ${cost.toLocaleString('en')}, over the budget of ${budget.toLocaleString('en')} an operation may cost. ` +
    'Each list counts as many times as the items it asks for, and nested lists multiply: ' +
    'ask for smaller pages (a lower `first`, then follow pageInfo.endCursor), fewer nested lists or fewer aliases.';
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COSTLY, cost, budget, http: { status: 400 } },
  });
}

/** Apollo Server plugin: the cost budget. The directives are read from each supergraph the gateway loads. */
export function costLimit(gateway: ApolloGateway, budget: number): ApolloServerPlugin {
  const bySchema = new WeakMap<GraphQLSchema, CostDirectives>();
  let latest: CostDirectives | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    latest = costDirectives(coreSupergraphSdl);
    bySchema.set(apiSchema, latest);
  });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          const directives = bySchema.get(schema) ?? latest;
          if (!directives || !operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = operationCost(directives, { schema, operation, fragments, variables: request.variables ?? {} });
          if (cost > budget) throw tooCostly(cost, budget);
        },
      };
    },
  };
}
