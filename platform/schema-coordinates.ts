/**
 * Schema coordinates (`Type.field`, the GraphQL schema-coordinates RFC) of an operation and of a schema, for field
 * usage (issue 14): the gateway reads them off an operation once per distinct operation, the access subgraph lists
 * those of the API schema, `npm run compose` compares two schemas by them. Only output fields count: arguments,
 * input fields and enum values are not coordinates here.
 */
import {
  Kind,
  TypeInfo,
  isInterfaceType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** `Type.field`: a type name and a field name, as in the schema. */
export const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;

/** The operation `operationName` picks (or the only one), with the fragments it spreads, however deep. */
function operationWithFragments(document: DocumentNode, operationName: string | null | undefined): DefinitionNode[] {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const used = new Map<string, FragmentDefinitionNode>();
  const spreadsOf = (node: DefinitionNode) => {
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || used.has(fragment.name.value)) return;
        used.set(fragment.name.value, fragment);
        spreadsOf(fragment);
      },
    });
  };
  spreadsOf(operation);
  return [operation, ...used.values()];
}

/**
 * Every field the operation selects, as `Type.field` of the type it is selected on: inside fragments too, and on an
 * interface or union as that interface (`Node.id`), as written. Introspection (`__typename`, `__schema`) is left out.
 * Sorted, each once.
 */
export function operationCoordinates(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): string[] {
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const definitions = operationWithFragments(document, operationName);
  visit(
    { kind: Kind.DOCUMENT, definitions },
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__') || !typeInfo.getFieldDef()) return;
        coordinates.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return [...coordinates].sort();
}

/** The output fields of the schema, by coordinate, without introspection's. */
export function schemaFields(schema: GraphQLSchema): Map<string, GraphQLField<unknown, unknown>> {
  const fields = new Map<string, GraphQLField<unknown, unknown>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) fields.set(`${type.name}.${field.name}`, field);
  }
  return fields;
}

/** The coordinates of the interfaces a type's field implements (`Document.id` → `Node.id`), for "used through". */
export function interfaceCoordinates(schema: GraphQLSchema, coordinate: string): string[] {
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return [];
  return type
    .getInterfaces()
    .filter((i) => fieldName in i.getFields())
    .map((i) => `${i.name}.${fieldName}`);
}
