import fs from 'node:fs';
import { Kind, parse, visit, type ASTNode } from 'graphql';
import { SUBGRAPH_NAMES } from '../../platform/config';
import { schemaPath } from '../../platform/schema-file';

/** The schema is the contract and is read first (STYLE.md): every element says what it is. */
describe('schema descriptions', () => {
  test.each(SUBGRAPH_NAMES)('every type, field, argument and enum value of %s has a description', (name) => {
    const document = parse(fs.readFileSync(schemaPath(name), 'utf8'));
    const missing: string[] = [];
    const path: string[] = [];
    const described = (node: ASTNode & { description?: unknown; name?: { value: string } }, label: string) => {
      if (!node.description) missing.push(label);
    };
    visit(document, {
      enter(node) {
        switch (node.kind) {
          case Kind.OBJECT_TYPE_DEFINITION:
          case Kind.INPUT_OBJECT_TYPE_DEFINITION:
          case Kind.ENUM_TYPE_DEFINITION:
          case Kind.SCALAR_TYPE_DEFINITION:
            path.push(node.name.value);
            // Root types and types owned elsewhere (described by their owner) need no description here.
            if (!['Query', 'Mutation'].includes(node.name.value) && !isExtension(document, node.name.value, name))
              described(node, node.name.value);
            break;
          case Kind.FIELD_DEFINITION:
          case Kind.INPUT_VALUE_DEFINITION:
          case Kind.ENUM_VALUE_DEFINITION:
            described(node, `${path.join('.')}.${node.name.value}`);
            if (node.kind === Kind.FIELD_DEFINITION) path.push(node.name.value);
            break;
        }
      },
      leave(node) {
        if (node.kind === Kind.FIELD_DEFINITION) path.pop();
        if (
          [
            Kind.OBJECT_TYPE_DEFINITION,
            Kind.INPUT_OBJECT_TYPE_DEFINITION,
            Kind.ENUM_TYPE_DEFINITION,
            Kind.SCALAR_TYPE_DEFINITION,
          ].includes(node.kind as never)
        )
          path.pop();
      },
    });
    expect(missing).toEqual([]);
  });
});

/** An entity this subgraph extends is described by the subgraph that owns it. */
function isExtension(_document: unknown, type: string, subgraph: string): boolean {
  const owners: Record<string, string> = {
    Unit: 'organisation',
    Person: 'organisation',
    Channel: 'lifecycle',
    Designation: 'organisation',
    Document: 'content',
    EditorialInbox: 'lifecycle',
  };
  return owners[type] !== undefined && owners[type] !== subgraph;
}
