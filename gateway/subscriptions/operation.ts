/**
 * A subscription request, checked against the supergraph's API schema extended with the gateway's Subscription type
 * (schema.graphql beside this file), and the ordinary queries that serve it: one asks whether the subscriber may
 * watch, one per event reads the payload with the subscriber's selection. Those queries run through the supergraph
 * like any client's, so the subgraphs' rules, limits and masking apply to them.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  GraphQLError,
  Kind,
  extendSchema,
  getOperationAST,
  parse,
  print,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { projectRoot } from '../../platform/schema-file';
import { SUBSCRIPTION_FIELDS, type PayloadRoot, type SubscriptionField } from './fields';

/** Response keys the gateway adds to its own queries; a client's selection cannot clash with the `mpiLive` prefix. */
export const RIGHTS_KEY = 'mpiLiveRights';
export const VIEWER_KEY = 'mpiLiveViewer';
const ARGUMENT = 'mpiLiveArgument';

export function subscriptionSdl(): DocumentNode {
  const text = fs.readFileSync(path.join(projectRoot(), 'gateway', 'subscriptions', 'schema.graphql'), 'utf8');
  return parse(`${text}\nextend schema { subscription: Subscription }`);
}

/** The supergraph's API schema with the Subscription type. */
export function liveSchema(apiSchema: GraphQLSchema): GraphQLSchema {
  return extendSchema(apiSchema, subscriptionSdl());
}

export interface SubscriptionRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A checked subscription: its one field, arguments, and what its payload queries need of the client's document. */
export interface Subscription {
  /** The field's name (`incidentChanged`). */
  name: string;
  /** Where the payload goes in each result (the alias, or the name). */
  key: string;
  field: SubscriptionField;
  args: Record<string, unknown>;
  /** What of the client's document its payload queries keep. */
  document: {
    node: FieldNode;
    fragments: FragmentDefinitionNode[];
    variableDefinitions: string;
    variables: Record<string, unknown>;
  };
}

export class BadSubscription extends GraphQLError {
  constructor(message: string, code = 'BAD_REQUEST') {
    super(message, { extensions: { code } });
  }
}

export function checkSubscription(schema: GraphQLSchema, request: SubscriptionRequest): Subscription {
  if (typeof request.query !== 'string' || !request.query.trim()) {
    throw new BadSubscription(
      'Send the subscription\'s text as "query" (persisted queries are not served as streams).',
    );
  }
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    throw new BadSubscription((error as Error).message, 'GRAPHQL_PARSE_FAILED');
  }
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation)
    throw new BadSubscription('Name the operation to run ("operationName"): the document holds several, or none.');
  if (operation.operation !== 'subscription') {
    throw new BadSubscription(
      'Only subscriptions are served as a stream; send queries and mutations as application/json.',
    );
  }
  const errors = validate(schema, document);
  if (errors.length)
    throw new BadSubscription(errors.map((error) => error.message).join(' '), 'GRAPHQL_VALIDATION_FAILED');
  const node = operation.selectionSet.selections[0];
  if (node?.kind !== Kind.FIELD)
    throw new BadSubscription('Select the subscription field directly, not through a fragment.');
  const field = SUBSCRIPTION_FIELDS[node.name.value];
  if (!field) throw new BadSubscription(`"${node.name.value}" is not a live update.`, 'GRAPHQL_VALIDATION_FAILED');
  const variables = request.variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    throw new BadSubscription('"variables" must be a JSON object.');
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables as Record<string, unknown>);
  if (coerced.errors)
    throw new BadSubscription(coerced.errors.map((error) => error.message).join(' '), 'BAD_USER_INPUT');
  const definition = schema.getSubscriptionType()!.getFields()[node.name.value];
  const args = getArgumentValues(definition, node, coerced.coerced);
  const used = usedBy(document, node.selectionSet);
  return {
    name: node.name.value,
    key: node.alias?.value ?? node.name.value,
    field,
    args,
    document: {
      node,
      fragments: used.fragments,
      variableDefinitions: (operation.variableDefinitions ?? [])
        .filter((each) => used.variables.has(each.variable.name.value))
        .map(print)
        .join(', '),
      variables: Object.fromEntries(Object.entries(variables).filter(([name]) => used.variables.has(name))),
    },
  };
}

/** The fragments and variables a selection uses, through fragments too (a query with unused ones is invalid). */
function usedBy(
  document: DocumentNode,
  selectionSet: SelectionSetNode | undefined,
): { fragments: FragmentDefinitionNode[]; variables: Set<string> } {
  const definitions = new Map(
    document.definitions
      .filter((each): each is FragmentDefinitionNode => each.kind === Kind.FRAGMENT_DEFINITION)
      .map((each) => [each.name.value, each]),
  );
  const fragments = new Map<string, FragmentDefinitionNode>();
  const variables = new Set<string>();
  const walk = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable: (variable) => void variables.add(variable.name.value),
      FragmentSpread: (spread) => {
        const fragment = definitions.get(spread.name.value);
        if (fragment && !fragments.has(fragment.name.value)) {
          fragments.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  if (selectionSet) walk(selectionSet);
  return { fragments: [...fragments.values()], variables };
}

export interface LiveQuery {
  query: string;
  variables: Record<string, unknown>;
}

const viewerSelection = `${VIEWER_KEY}: viewer { status }`;

/** Whether the subscriber may watch: the field's rights selection, and the subscriber's account status. */
export function rightsQuery(subscription: Subscription): LiveQuery {
  const rights = subscription.field.rights ? `${RIGHTS_KEY}: ${subscription.field.rights}` : '';
  return { query: `query MpiLiveRights { ${rights} ${viewerSelection} }`, variables: {} };
}

/** One event's payload with the client's own selection, with the rights and status asked again in the same query. */
export function payloadQuery(subscription: Subscription, root: PayloadRoot): LiveQuery {
  const { node, fragments, variableDefinitions, variables } = subscription.document;
  const definitions = [variableDefinitions, root.argument ? `$${ARGUMENT}: ${root.argument.type}` : '']
    .filter(Boolean)
    .join(', ');
  const argument = root.argument ? `(${root.argument.name}: $${ARGUMENT})` : '';
  const selection = node.selectionSet ? print(node.selectionSet) : '';
  const rights = subscription.field.rights ? `${RIGHTS_KEY}: ${subscription.field.rights}` : '';
  const query = [
    `query MpiLiveEvent${definitions ? `(${definitions})` : ''} {`,
    `  ${subscription.key}: ${root.field}${argument} ${selection}`,
    `  ${rights} ${viewerSelection}`,
    '}',
    ...fragments.map(print),
  ].join('\n');
  return { query, variables: root.argument ? { ...variables, [ARGUMENT]: root.argument.value } : variables };
}
