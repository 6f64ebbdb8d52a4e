/**
 * Checks every `DateTime` a caller sends (in an argument, an input object's field or a variable)
 * before the operation is planned. The supergraph's DateTime is opaque to the gateway: without this
 * check "yesterday" travelled on, the subgraph refused the request with HTTP 400, and the caller
 * got "400: Bad Request" with a subgraph's internal address instead of a sentence naming the argument.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { instantProblem, readInstant } from '../platform/instant';
import { ErrorCode } from '../platform/errors';

const DATE_TIME = 'DateTime';

/** A place in an operation where a value of a type that holds a DateTime is given. */
interface Site {
  name: string;
  type: GraphQLInputType;
  value: ValueNode;
}

interface Problem {
  name: string;
  value: unknown;
  variable?: string;
}

/** Whether a DateTime can occur anywhere in values of this type. */
function holdsDateTime(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === DATE_TIME) return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => holdsDateTime(field.type, seen));
}

/** The arguments (and variable defaults) of a document that may hold a DateTime; the same for every request of it. */
function sitesOf(schema: GraphQLSchema, document: DocumentNode): Site[] {
  const sites: Site[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (argument && holdsDateTime(argument.type))
          sites.push({ name: node.name.value, type: argument.type, value: node.value });
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type) as GraphQLInputType | undefined;
        if (node.defaultValue && type && holdsDateTime(type))
          sites.push({ name: `$${node.variable.name.value}`, type, value: node.defaultValue });
      },
    }),
  );
  return sites;
}

/** The first DateTime written in a literal that is not one. */
function literalProblem(
  node: ValueNode,
  type: GraphQLInputType,
  name: string,
  variables: Record<string, unknown>,
): Problem | null {
  if (isNonNullType(type)) return literalProblem(node, type.ofType, name, variables);
  if (node.kind === Kind.NULL) return null;
  if (node.kind === Kind.VARIABLE) {
    const problem = valueProblem(variables[node.name.value], type, name);
    return problem && { ...problem, variable: node.name.value };
  }
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) return literalProblem(node, type.ofType, name, variables);
    return first(node.values.map((item, i) => () => literalProblem(item, type.ofType, `${name}[${i}]`, variables)));
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return null;
    const fields = type.getFields();
    return first(
      node.fields.map((field) => () => {
        const definition = fields[field.name.value];
        return definition
          ? literalProblem(field.value, definition.type, `${name}.${field.name.value}`, variables)
          : null;
      }),
    );
  }
  if (type.name !== DATE_TIME) return null;
  if (node.kind !== Kind.STRING) return { name, value: 'value' in node ? node.value : node.kind };
  return readInstant(node.value) ? null : { name, value: node.value };
}

/** The first DateTime in a variable's JSON value that is not one. */
function valueProblem(value: unknown, type: GraphQLInputType, name: string): Problem | null {
  if (isNonNullType(type)) return valueProblem(value, type.ofType, name);
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) return valueProblem(value, type.ofType, name);
    return first(value.map((item, i) => () => valueProblem(item, type.ofType, `${name}[${i}]`)));
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return null;
    const fields = type.getFields();
    return first(
      Object.entries(value).map(
        ([key, item]) =>
          () =>
            fields[key] ? valueProblem(item, fields[key].type, `${name}.${key}`) : null,
      ),
    );
  }
  if (type.name !== DATE_TIME) return null;
  return readInstant(value) ? null : { name, value };
}

function first(checks: (() => Problem | null)[]): Problem | null {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
}

function dateTimeProblem(sites: readonly Site[], variables: Record<string, unknown>): GraphQLError | null {
  const problem = first(sites.map((site) => () => literalProblem(site.value, site.type, site.name, variables)));
  if (!problem) return null;
  const subject = `"${problem.name}"${problem.variable ? ` (variable $${problem.variable})` : ''}`;
  return new GraphQLError(instantProblem(problem.value, subject), {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: problem.name, http: { status: 400 } },
  });
}

/** Apollo Server plugin: refuses a malformed DateTime with BAD_USER_INPUT (HTTP 400) before any subgraph is called. */
export function dateTimeInputs(): ApolloServerPlugin {
  // Apollo keeps one parsed document per query text, so the sites are found once per query and schema.
  const known = new WeakMap<DocumentNode, { schema: GraphQLSchema; sites: Site[] }>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          if (!schema.getType(DATE_TIME)) return;
          let entry = known.get(document);
          if (!entry || entry.schema !== schema)
            known.set(document, (entry = { schema, sites: sitesOf(schema, document) }));
          if (entry.sites.length === 0) return;
          const error = dateTimeProblem(entry.sites, request.variables ?? {});
          if (error) throw error;
        },
      };
    },
  };
}
