/**
 * The cost estimate (gateway/cost.ts) on its own, over a small supergraph-like SDL and over the
 * committed supergraph: what multiplies, what counts once, what is read from where.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  Kind,
  buildSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  parse,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { costDirectives, operationCost, type CostDirectives } from '../../gateway/cost';

const SDL = /* GraphQL */ `
  schema
    @link(url: "https://specs.apollo.dev/link/v1.0")
    @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"]) {
    query: Query
    mutation: Mutation
  }
  directive @link(url: String, as: String, import: [String]) repeatable on SCHEMA
  directive @cost(
    weight: Int!
  ) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(
    assumedSize: Int
    slicingArguments: [String!]
    sizedFields: [String!]
    requireOneSlicingArgument: Boolean = true
  ) on FIELD_DEFINITION
  type Query {
    channels(first: Int, after: String): ChannelConnection!
      @listSize(
        slicingArguments: ["first"]
        sizedFields: ["edges", "nodes"]
        assumedSize: 20
        requireOneSlicingArgument: false
      )
    latest(first: Int = 5): [Document!]! @listSize(slicingArguments: ["first"])
    tags: [String!]! @listSize(assumedSize: 10)
    unannotated: [Document!]!
    search(query: String!, first: Int, exact: Boolean @cost(weight: 7)): ChannelConnection!
      @cost(weight: 100)
      @listSize(slicingArguments: ["first"], sizedFields: ["nodes"], assumedSize: 20, requireOneSlicingArgument: false)
  }
  type Mutation {
    rename(name: String!): Channel
  }
  type ChannelConnection {
    edges: [ChannelEdge!]!
    nodes: [Channel!]!
    pageInfo: PageInfo!
  }
  type ChannelEdge {
    cursor: String!
    node: Channel!
  }
  type PageInfo {
    hasNextPage: Boolean!
  }
  type Channel {
    name: String!
    documents(first: Int): DocumentConnection!
      @listSize(slicingArguments: ["first"], sizedFields: ["nodes"], assumedSize: 20, requireOneSlicingArgument: false)
  }
  type DocumentConnection {
    nodes: [Document!]!
  }
  type Document {
    title: String!
    channel: Channel!
    diff: [Change!]! @listSize(assumedSize: 6) @cost(weight: 700)
  }
  type Change {
    field: String!
  }
`;

function costOf(
  schema: GraphQLSchema,
  directives: CostDirectives,
  query: string,
  variables: Record<string, unknown> = {},
): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (each): each is OperationDefinitionNode => each.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((each): each is FragmentDefinitionNode => each.kind === Kind.FRAGMENT_DEFINITION)
      .map((each) => [each.name.value, each]),
  );
  return operationCost(directives, { schema, operation, fragments, variables });
}

describe('issue 12: the cost of an operation, from @cost and @listSize', () => {
  const schema = buildSchema(SDL, { assumeValidSDL: true });
  const directives = costDirectives(SDL);
  const cost = (query: string, variables?: Record<string, unknown>) => costOf(schema, directives, query, variables);

  test('a connection costs 1 plus its page size times what each item selects; scalars cost nothing', () => {
    expect(cost('{ channels(first: 10) { nodes { name } } }')).toBe(1 + 10 * 1);
    expect(cost('{ channels(first: 10) { edges { node { name } } pageInfo { hasNextPage } } }')).toBe(
      1 + 10 * (1 + 1) + 1,
    );
    expect(cost('{ channels { nodes { name } } }')).toBe(1 + 20); // no `first`: the assumed size
  });

  test('nested pages multiply, and so do aliases and fragments', () => {
    const nested = '{ channels(first: 100) { nodes { documents(first: 100) { nodes { title } } } } }';
    expect(cost(nested)).toBe(1 + 100 * (1 + 1 + 100));
    expect(cost('{ a: channels(first: 3) { nodes { name } } b: channels(first: 3) { nodes { name } } }')).toBe(
      2 * (1 + 3),
    );
    const viaFragment =
      '{ channels(first: 100) { ...Items } } fragment Items on ChannelConnection { nodes { ... on Channel { documents(first: 100) { nodes { title } } } } }';
    expect(cost(viaFragment)).toBe(cost(nested));
  });

  test('variables are resolved: as sent, else their default; @skip and @include are obeyed', () => {
    const query =
      'query($n: Int = 7, $skip: Boolean = false) { channels(first: $n) { nodes { name } } tagsOnly: channels(first: 1) @skip(if: $skip) { nodes { name } } }';
    expect(cost(query, { n: 50 })).toBe(1 + 50 + (1 + 1));
    expect(cost(query)).toBe(1 + 7 + (1 + 1));
    expect(cost(query, { n: 50, skip: true })).toBe(1 + 50);
    expect(cost('{ latest { title } }')).toBe(5); // the argument's default in the schema
  });

  test('@cost weighs a field (per item of a list) and an argument; a mutation adds 10', () => {
    expect(cost('{ latest(first: 1) { diff { field } } }')).toBe(1 * (1 + 6 * 700));
    expect(cost('{ search(query: "x", first: 10) { nodes { name } } }')).toBe(100 + 10);
    expect(cost('{ search(query: "x", first: 10, exact: true) { nodes { name } } }')).toBe(100 + 10 + 7);
    expect(cost('mutation { rename(name: "x") { name } }')).toBe(10 + 1);
  });

  test('lists of scalars cost nothing; a list the supergraph says nothing about counts as a page of 100', () => {
    expect(cost('{ tags }')).toBe(0);
    expect(cost('{ unannotated { title } }')).toBe(100);
  });
});

describe('issue 12: the committed supergraph carries the cost directives', () => {
  const sdl = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
  const api = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
  const directives = costDirectives(sdl);

  test('every list field and every connection field has @listSize; diff and search have @cost', () => {
    const missing: string[] = [];
    for (const type of Object.values(api.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const isList = isListType(getNullableType(field.type));
        const isConnection = getNamedType(field.type).name.endsWith('Connection');
        if ((isList || isConnection) && !directives.listSizes.has(`${type.name}.${field.name}`))
          missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(directives.listSizes.get('Query.channels')).toMatchObject({
      slicingArguments: ['first'],
      sizedFields: ['edges', 'nodes'],
    });
    expect(directives.weights.get('Document.diff')).toBeGreaterThan(0);
    expect(directives.weights.get('Query.search')).toBeGreaterThan(0);
  });

  test('one nested list of the issue costs about a million', () => {
    const one =
      '{ channels(first:100){nodes{documents(first:100){nodes{channel{documents(first:100){nodes{id title}}}}}}} }';
    expect(costOf(api, directives, one)).toBe(1 + 100 * (1 + 1 + 100 * (1 + 1 + 1 + 100)));
  });
});
