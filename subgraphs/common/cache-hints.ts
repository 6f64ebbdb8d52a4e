/**
 * Cache hints of a subgraph, for the gateway's response cache and HTTP caching. Types and fields
 * declare their hints in the SDL (`@cacheControl`), read by Apollo Server's cache-control plugin;
 * two rules are added here for every subgraph:
 * - an answer in which anything looked at who is calling is PRIVATE, whatever the SDL says;
 * - a public answer reports what it holds (`Document:12`; `Document:*` for a list of documents or a
 *   lookup not by id, which any change of a document may alter)
 *   in `extensions.mpiCacheTags`, so the gateway can drop exactly the answers a change touches.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, isListType, isObjectType, type GraphQLSchema } from 'graphql';
import type { SubgraphContext } from './context';

export const CACHE_TAGS_EXTENSION = 'mpiCacheTags';

/** Object types with an `id`: what a change can name. */
function identifiedTypes(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && !type.name.startsWith('__') && 'id' in type.getFields()) names.add(type.name);
  }
  return names;
}

function collectIds(typeName: string, value: unknown, tags: Set<string>): void {
  if (Array.isArray(value)) for (const each of value) collectIds(typeName, each, tags);
  else if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') tags.add(`${typeName}:${id}`);
  }
}

export function cacheHintsPlugin(schema: GraphQLSchema): ApolloServerPlugin<SubgraphContext> {
  const identified = identifiedTypes(schema);
  return {
    async requestDidStart({ contextValue }) {
      const tags = new Set<string>();
      return {
        async executionDidStart(executionContext) {
          return {
            willResolveField({ info, args }) {
              if (info.fieldName === '_entities' && info.parentType.name === 'Query') {
                for (const representation of (args as { representations?: { __typename?: string; id?: unknown }[] })
                  .representations ?? []) {
                  if (representation.__typename && representation.id !== undefined)
                    tags.add(`${representation.__typename}:${String(representation.id)}`);
                }
                return;
              }
              const type = getNamedType(info.returnType);
              if (!isObjectType(type)) return;
              if (isListType(getNullableType(info.returnType))) tags.add(`${type.name}:*`);
              else if (!info.path.prev) {
                // A root lookup: by id it names its entity even when the answer is null (a draft not yet
                // published); otherwise (by slug, "the current version") any change of the type may change it.
                const id = (args as { id?: unknown }).id;
                tags.add(typeof id === 'string' || typeof id === 'number' ? `${type.name}:${id}` : `${type.name}:*`);
              }
              if (!identified.has(type.name)) return;
              return (_error, result) => collectIds(type.name, result, tags);
            },
            async executionDidEnd() {
              // Whatever the SDL says: an answer that looked at the caller is that caller's alone.
              if (contextValue.callerConsulted) executionContext.overallCachePolicy.restrict({ scope: 'PRIVATE' });
            },
          };
        },
        async willSendResponse({ response, overallCachePolicy }) {
          if (response.body.kind !== 'single' || tags.size === 0) return;
          if (overallCachePolicy.policyIfCacheable()?.scope !== 'PUBLIC') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [CACHE_TAGS_EXTENSION]: [...tags] };
        },
      };
    },
  };
}
