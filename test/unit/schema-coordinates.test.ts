/** Issue 14: the schema coordinates an operation uses, read off its document once per distinct operation. */
import { buildSchema, parse } from 'graphql';
import { interfaceCoordinates, operationCoordinates, schemaFields } from '../../platform/schema-coordinates';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Document implements Node { id: ID! title: String! lead: String body: String! unit: Unit }
  type Unit implements Node { id: ID! name: String! }
  union Found = Document | Unit
  type Query { document(id: ID!): Document node(id: ID!): Node search(q: String!): [Found!]! }
`);

describe('schema coordinates of an operation', () => {
  test('issue 14: every selected field as Type.field, through fragments, interfaces and unions, no introspection', () => {
    const document = parse(`
      query Page { document(id: "1") { ...Teaser unit { name } __typename } node(id: "2") { id ... on Unit { name } } }
      query Other { search(q: "x") { ... on Document { body } } }
      fragment Teaser on Document { title ...More }
      fragment More on Document { lead }
      fragment Unused on Document { body }
    `);
    expect(operationCoordinates(schema, document, 'Page')).toEqual([
      'Document.lead',
      'Document.title',
      'Document.unit',
      'Node.id',
      'Query.document',
      'Query.node',
      'Unit.name',
    ]);
    expect(operationCoordinates(schema, document, 'Other')).toEqual(['Document.body', 'Query.search']);
    expect(operationCoordinates(schema, document, 'Missing')).toEqual([]);
  });

  test('issue 14: the fields of a schema, and the interface fields a type field implements', () => {
    expect([...schemaFields(schema).keys()]).toContain('Document.lead');
    expect([...schemaFields(schema).keys()].some((c) => c.startsWith('__'))).toBe(false);
    expect(interfaceCoordinates(schema, 'Document.id')).toEqual(['Node.id']);
    expect(interfaceCoordinates(schema, 'Document.lead')).toEqual([]);
  });
});
