/**
 * What an operation costs, before it runs, by the IBM GraphQL cost directive specification as
 * Federation 2.9+ composes it into the supergraph (`@link(url: "https://specs.apollo.dev/cost/v0.1")`):
 *
 * - `@cost(weight:)` on a field (or on its type) is what one instance of it costs; without one, an
 *   object costs 1 and a scalar or enum 0. An argument with `@cost` adds its weight when it is given.
 * - `@listSize` says how many items a list holds: the value of its slicing argument (`first`, with
 *   variables resolved, the argument's default otherwise), else `assumedSize`. On a connection,
 *   `sizedFields` (`edges`, `nodes`) are the lists that get that size.
 * - A list costs its size times (its weight + the cost of what is selected in each item): nested
 *   pages multiply. A mutation adds 10, as the specification's operation weight.
 *
 * Fragments, inline fragments and aliases count as often as they occur; `@skip`/`@include` are
 * obeyed. The numbers are the same as Apollo Router's static estimate of the same directives, so
 * the supergraph means the same under either gateway.
 */
import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  parse,
  valueFromASTUntyped,
  type ArgumentNode,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

const COST_SPEC = 'https://specs.apollo.dev/cost/';
/** The specification's weight of a mutation operation (queries weigh 0). */
export const MUTATION_WEIGHT = 10;
/** Items assumed in a list the supergraph says nothing about: the largest page (subgraphs/common/pagination.ts). */
export const UNANNOTATED_LIST_SIZE = 100;

export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** The cost directives of a supergraph, by schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`). */
export interface CostDirectives {
  weights: Map<string, number>;
  listSizes: Map<string, ListSize>;
}

/** The names the supergraph gives the two directives (its `@link` may rename or namespace them). */
function directiveNames(document: ReturnType<typeof parse>): { cost: string; listSize: string } | null {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const args = argumentValues(link.arguments);
      if (typeof args.url !== 'string' || !args.url.startsWith(COST_SPEC)) continue;
      const prefix = typeof args.as === 'string' ? args.as : 'cost';
      const imported = new Map<string, string>();
      for (const entry of Array.isArray(args.import) ? args.import : []) {
        if (typeof entry === 'string') imported.set(entry, entry);
        else if (entry && typeof entry === 'object') imported.set(String(entry.name), String(entry.as ?? entry.name));
      }
      const name = (directive: string) => (imported.get(`@${directive}`) ?? `@${prefix}__${directive}`).slice(1);
      // The directive named like the feature itself is always reachable by the feature's name.
      return { cost: imported.get('@cost')?.slice(1) ?? prefix, listSize: name('listSize') };
    }
  }
  return null;
}

function argumentValues(args: readonly ArgumentNode[] | undefined): Record<string, unknown> {
  return Object.fromEntries((args ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
}

/** Reads `@cost` and `@listSize` from a composed supergraph's SDL. */
export function costDirectives(supergraphSdl: string): CostDirectives {
  const document = parse(supergraphSdl);
  const found: CostDirectives = { weights: new Map(), listSizes: new Map() };
  const names = directiveNames(document);
  if (!names) return found;
  const read = (coordinate: string, directives: readonly DirectiveNode[] | undefined) => {
    for (const directive of directives ?? []) {
      const args = argumentValues(directive.arguments);
      if (directive.name.value === names.cost && typeof args.weight === 'number')
        found.weights.set(coordinate, args.weight);
      if (directive.name.value === names.listSize) found.listSizes.set(coordinate, args as ListSize);
    }
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const type = definition.name.value;
    read(type, definition.directives);
    for (const field of 'fields' in definition ? (definition.fields ?? []) : []) {
      read(`${type}.${field.name.value}`, field.directives);
      for (const arg of 'arguments' in field ? (field.arguments ?? []) : [])
        read(`${type}.${field.name.value}(${arg.name.value}:)`, arg.directives);
    }
  }
  return found;
}

export interface CostedOperation {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** The estimated cost of one operation of a document (the one a request runs). */
export function operationCost(directives: CostDirectives, costed: CostedOperation): number {
  const { schema, operation } = costed;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const estimate = new Estimate(directives, costed);
  return (
    (operation.operation === 'mutation' ? MUTATION_WEIGHT : 0) + estimate.selectionSet(operation.selectionSet, root)
  );
}

/** The lists of a connection and the size its slicing argument gave them. */
interface Sized {
  fields: readonly string[];
  size: number;
}

class Estimate {
  constructor(
    private readonly directives: CostDirectives,
    private readonly costed: CostedOperation,
  ) {}

  selectionSet(selectionSet: SelectionSetNode, type: GraphQLCompositeType, sized?: Sized): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (!this.included(selection.directives)) continue;
      if (selection.kind === Kind.FIELD) total += this.field(selection, type, sized);
      else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : this.costed.fragments[selection.name.value];
        if (!fragment) continue;
        const condition = fragment.typeCondition ? this.costed.schema.getType(fragment.typeCondition.name.value) : type;
        // Fragments on each member of an abstract type all count: an upper bound.
        if (condition && isCompositeType(condition))
          total += this.selectionSet(fragment.selectionSet, condition, sized);
      }
    }
    return total;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, sized?: Sized): number {
    if (node.name.value.startsWith('__') || !('getFields' in parent)) return 0;
    const definition = parent.getFields()[node.name.value];
    if (!definition) return 0;
    const coordinate = `${parent.name}.${definition.name}`;
    const type = getNamedType(definition.type);
    const listSize = this.directives.listSizes.get(coordinate);
    const weight =
      this.directives.weights.get(coordinate) ??
      this.directives.weights.get(type.name) ??
      (isCompositeType(type) ? 1 : 0);
    const sliced = listSize ? this.sliceSize(listSize, node, definition) : undefined;
    const childSized = listSize?.sizedFields?.length
      ? { fields: listSize.sizedFields, size: sliced ?? UNANNOTATED_LIST_SIZE }
      : undefined;
    const selections =
      node.selectionSet && isCompositeType(type) ? this.selectionSet(node.selectionSet, type, childSized) : 0;
    const count = isListType(getNullableType(definition.type))
      ? this.listCount(definition.name, listSize, sliced, sized)
      : 1;
    return count * (weight + selections) + this.argumentsWeight(coordinate, node);
  }

  /** How many items a list field holds: as its connection sized it, or as its own @listSize says. */
  private listCount(name: string, listSize: ListSize | undefined, sliced: number | undefined, sized?: Sized): number {
    if (sized?.fields.includes(name)) return sized.size;
    if (listSize && !listSize.sizedFields?.length && sliced !== undefined) return sliced;
    return UNANNOTATED_LIST_SIZE;
  }

  /** The largest slicing argument given (or defaulted), else the assumed size. */
  private sliceSize(
    listSize: ListSize,
    node: FieldNode,
    definition: GraphQLField<unknown, unknown>,
  ): number | undefined {
    const sizes: number[] = [];
    for (const name of listSize.slicingArguments ?? []) {
      const given = node.arguments?.find((arg) => arg.name.value === name);
      const value = given ? this.value(given.value) : definition.args.find((arg) => arg.name === name)?.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) sizes.push(Math.max(0, Math.floor(value)));
    }
    return sizes.length > 0 ? Math.max(...sizes) : listSize.assumedSize;
  }

  private argumentsWeight(coordinate: string, node: FieldNode): number {
    let total = 0;
    for (const arg of node.arguments ?? [])
      total += this.directives.weights.get(`${coordinate}(${arg.name.value}:)`) ?? 0;
    return total;
  }

  /** `@skip(if:)` and `@include(if:)`, with variables resolved. */
  private included(directives: readonly DirectiveNode[] | undefined): boolean {
    for (const directive of directives ?? []) {
      const condition = directive.arguments?.find((arg) => arg.name.value === 'if');
      if (!condition) continue;
      const value = this.value(condition.value);
      if (directive.name.value === 'skip' && value === true) return false;
      if (directive.name.value === 'include' && value === false) return false;
    }
    return true;
  }

  /** A literal's value, or a variable's: as sent, else its default in the operation. */
  private value(node: ValueNode): unknown {
    if (node.kind !== Kind.VARIABLE) return valueFromASTUntyped(node);
    const name = node.name.value;
    if (name in this.costed.variables) return this.costed.variables[name];
    const definition = this.costed.operation.variableDefinitions?.find((each) => each.variable.name.value === name);
    return definition?.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
  }
}
