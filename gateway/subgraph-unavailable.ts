/**
 * What the gateway answers for a subgraph that failed, timed out or is paused by its circuit breaker:
 * instead of throwing (which Apollo's gateway reports without a path, as "fetch failed" or an internal
 * error), the fetch answers with one error per field it was to resolve, so the rest of the query stands
 * and each missing part says where it is, which subgraph it needed and why (SUBGRAPH_UNAVAILABLE).
 * The gateway turns `_entities` paths into the caller's paths and adds `serviceName`.
 */
import { Kind, parse } from 'graphql';
import type {
  DocumentNode,
  GraphQLFormattedError,
  OperationDefinitionNode,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../platform/errors';

export type Why = 'failed' | 'paused';

type Fragments = ReadonlyMap<string, SelectionSetNode>;

/** Response names of the fields a selection resolves, through fragments, without `__typename`. */
function fieldsOf(selectionSet: SelectionSetNode | undefined, fragments: Fragments): string[] {
  const names = new Set<string>();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') {
      names.add(selection.alias?.value ?? selection.name.value);
    }
    for (const name of fieldsOf(innerSelection(selection, fragments), fragments)) names.add(name);
  }
  return [...names];
}

function innerSelection(selection: SelectionNode, fragments: Fragments): SelectionSetNode | undefined {
  if (selection.kind === Kind.INLINE_FRAGMENT) return selection.selectionSet;
  if (selection.kind === Kind.FRAGMENT_SPREAD) return fragments.get(selection.name.value);
  return undefined;
}

/** The fetch's operation and fragments, as the query planner wrote them (parsed again only here, on the failure path). */
function operationOf(query: string | undefined): { operation?: OperationDefinitionNode; fragments: Fragments } {
  let document: DocumentNode;
  try {
    document = parse(query ?? '');
  } catch {
    return { fragments: new Map() };
  }
  const fragments = new Map<string, SelectionSetNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
    if (definition.kind === Kind.OPERATION_DEFINITION) operation ??= definition;
  }
  return { operation, fragments };
}

function messageFor(serviceName: string, why: Why, mutation: boolean): string {
  const reason = why === 'paused' ? 'is paused after repeated failures' : 'did not answer';
  // A change sent before a timeout may have been made all the same: the caller must look before sending it again.
  // A paused subgraph was not called, so nothing was changed.
  let advice = 'Try again in a moment.';
  if (mutation && why === 'failed') advice = 'Check whether the change was made before you send it again.';
  if (mutation && why === 'paused') advice = 'Nothing was changed; try again in a moment.';
  return `The ${serviceName} service ${reason}, so this part of the answer is missing. ${advice}`;
}

/** The errors a fetch answers with when its subgraph cannot: one per field, at that field's path. */
export function unavailableErrors(
  fetch: { query?: string; variables?: Record<string, unknown> },
  serviceName: string,
  why: Why,
): GraphQLFormattedError[] {
  const { operation, fragments } = operationOf(fetch.query);
  const message = messageFor(serviceName, why, operation?.operation === 'mutation');
  const extensions = { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName };
  const root = operation?.selectionSet;
  const entities = root?.selections.find(
    (selection) => selection.kind === Kind.FIELD && selection.name.value === '_entities',
  );
  const representations = fetch.variables?.representations;
  if (entities?.kind === Kind.FIELD && Array.isArray(representations)) {
    const fields = fieldsOf(entities.selectionSet, fragments);
    const paths = representations.flatMap((_, at) =>
      fields.length ? fields.map((field) => ['_entities', at, field]) : [['_entities', at]],
    );
    return paths.map((path) => ({ message, path, extensions }));
  }
  const fields = fieldsOf(root, fragments);
  if (fields.length === 0) return [{ message, extensions }];
  return fields.map((field) => ({ message, path: [field], extensions }));
}
