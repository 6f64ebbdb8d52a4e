/**
 * Operations generated from the API schema the gateway serves (the supergraph without its @inaccessible
 * parts), for test/chaos/generated-operations.test.ts. A valid operation selects random fields to a bounded
 * depth with arguments of the right types, boundary values included (huge pages, negative numbers, empty,
 * very long and unicode strings, malformed ids and instants), inline or as variables. A mutated one breaks
 * one thing: a wrong type, an unknown field or argument, a missing required argument, a variable of the
 * wrong type, an unknown enum value, or text that does not parse. Every choice comes from `Random`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { sampleId } from '../../subgraphs/common/sample';
import type { Random } from './chaos';

export interface GeneratedOperation {
  kind: 'valid' | `mutated: ${string}`;
  query: string;
  variables: Record<string, unknown>;
}

/** The schema the gateway serves to clients. */
export function apiSchema(): GraphQLSchema {
  const sdl = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
  return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
}

const MAX_DEPTH = 4;

/** Real sample ids beside malformed ones, so that some operations reach the resolvers' rules. */
const IDS = [
  sampleId('channel:kultura-web'),
  sampleId('channel:portal'),
  sampleId('unit:kultura'),
  sampleId('unit:wks'),
  sampleId('person:tomasz-zielinski'),
  sampleId('account:tomasz.zielinski'),
  sampleId('account:anna.kowalczyk'),
  '',
  ' ',
  'not-an-id',
  '00000000-0000-0000-0000-000000000000',
  '-1',
  '1e309',
  'x'.repeat(5000),
  '../../etc/passwd',
  "' OR 1=1 --",
  '%',
  '\u0000',
  'ZG9jdW1lbnQ6MQ==',
];
const STRINGS = [
  '',
  'krakow',
  'Zażółć gęślą jaźń',
  'Kraków 🐉 ❤️ 中文 עברית',
  '\u202etxt.exe',
  'a'.repeat(100_000),
  'słowo '.repeat(2000),
  '<script>alert(1)</script>',
  "'; DROP TABLE document; --",
  '%_\\',
  '"*" OR +-~<>()',
  '\u0000\u0001\uffff',
  'null',
];
const INTS = [0, 1, 5, 20, 100, 101, -1, -100, 2147483647, -2147483648, 1_000_000];
const FLOATS = [0, 0.5, 24, -1, 1e308, -1e308, 1e-300];
const DATE_TIMES = [
  '2026-01-01T00:00:00Z',
  '2026-11-25T12:30:00.123+01:00',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '0001-01-01T00:00:00Z',
  '2026-13-45T99:99:99Z',
  '2026-02-30T00:00:00Z',
  'not a date',
  '',
  '1732537800000',
  'T',
];
const CURSORS = ['', 'abc', 'eyJpZCI6MX0=', 'W10=', 'bnVsbA==', 'x'.repeat(3000), '💥', '{"id":1}'];

const json = (value: unknown) => JSON.stringify(value);

/** GraphQL literal of a JSON value (objects as input objects). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null) return 'null';
  const named = getNamedType(type);
  if (isEnumType(named) && typeof value === 'string' && named.getValue(value)) return value;
  if (Array.isArray(value)) {
    const item = isListType(getNullableType(type))
      ? (getNullableType(type) as { ofType: GraphQLInputType }).ofType
      : type;
    return `[${value.map((each) => literal(each, item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([name, each]) => `${name}: ${literal(each, fields[name]?.type ?? type)}`)
      .join(', ')} }`;
  }
  return json(value);
}

export class OperationGenerator {
  private variables: Record<string, unknown> = {};
  private declarations: string[] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: Random,
  ) {}

  next(): GeneratedOperation {
    const mutation = this.schema.getMutationType();
    const root = mutation && this.random.chance(0.3) ? mutation : this.schema.getQueryType()!;
    const operation = this.operation(root);
    if (this.random.chance(0.3)) return this.mutate(operation, root);
    return { kind: 'valid', ...operation };
  }

  private operation(
    root: GraphQLObjectType,
    options: { dropRequired?: boolean } = {},
  ): Omit<GeneratedOperation, 'kind'> {
    this.variables = {};
    this.declarations = [];
    const fields = Object.values(root.getFields());
    const count = root.name === 'Mutation' ? 1 : 1 + this.random.below(3);
    // Aliases only where a root field repeats (the gateway allows 15 aliases an operation).
    const selections = Array.from(
      { length: count },
      (_, i) => `${i > 0 ? `f${i}: ` : ''}${this.field(this.random.pick(fields), 1, options)}`,
    );
    const keyword = root.name === 'Mutation' ? 'mutation' : 'query';
    const head = this.declarations.length
      ? `${keyword} Generated(${this.declarations.join(', ')})`
      : `${keyword} Generated`;
    return { query: `${head} { ${selections.join(' ')} }`, variables: this.variables };
  }

  private field(field: GraphQLField<unknown, unknown>, depth: number, options: { dropRequired?: boolean }): string {
    const args = field.args
      .filter((arg) =>
        isNonNullType(arg.type) && arg.defaultValue === undefined ? !options.dropRequired : this.random.chance(0.5),
      )
      .map((arg) => `${arg.name}: ${this.argument(arg)}`);
    options.dropRequired = false; // only the first field loses its required arguments
    const selection = this.selection(field.type, depth + 1);
    return `${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection}`;
  }

  private selection(type: GraphQLOutputType, depth: number): string {
    const named = getNamedType(type);
    if (isLeafType(named)) return '';
    if (isUnionType(named)) {
      const members = named.getTypes().map((member) => `... on ${member.name} { ${this.fieldsOf(member, depth)} }`);
      return ` { __typename ${members.join(' ')} }`;
    }
    return ` { ${this.fieldsOf(named as GraphQLObjectType, depth)} }`;
  }

  private fieldsOf(type: GraphQLNamedType, depth: number): string {
    if (!isObjectType(type) && !isInterfaceType(type)) return '__typename';
    const all = Object.values(type.getFields());
    const leaves = all.filter((field) => isLeafType(getNamedType(field.type)));
    const candidates = depth >= MAX_DEPTH ? leaves : all;
    if (candidates.length === 0) return '__typename';
    const count = 1 + this.random.below(Math.min(4, candidates.length));
    const chosen = new Set(Array.from({ length: count }, () => this.random.pick(candidates)));
    return [...chosen].map((field) => this.field(field, depth, {})).join(' ');
  }

  /** An argument's value, inline or as a variable. */
  private argument(arg: GraphQLArgument): string {
    const value = this.value(arg.type, arg.name);
    if (this.random.chance(0.5)) return literal(value, arg.type);
    const name = `v${this.declarations.length}`;
    this.declarations.push(`$${name}: ${String(arg.type)}`);
    this.variables[name] = value;
    return `$${name}`;
  }

  private value(type: GraphQLInputType, name: string, depth = 0): unknown {
    if (!isNonNullType(type) && this.random.chance(0.1)) return null;
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) {
      return Array.from({ length: this.random.below(4) }, () =>
        this.value(nullable.ofType as GraphQLInputType, name, depth + 1),
      );
    }
    if (isEnumType(nullable)) return this.random.pick(nullable.getValues()).name;
    if (isInputObjectType(nullable)) {
      const result: Record<string, unknown> = {};
      for (const field of Object.values(nullable.getFields())) {
        if (isNonNullType(field.type) || (depth < 3 && this.random.chance(0.5)))
          result[field.name] = this.value(field.type, field.name, depth + 1);
      }
      return result;
    }
    switch (nullable.name) {
      case 'Int':
        return this.random.pick(INTS);
      case 'Float':
        return this.random.pick(FLOATS);
      case 'Boolean':
        return this.random.chance(0.5);
      case 'ID':
        return this.random.pick(IDS);
      case 'DateTime':
        return this.random.pick(DATE_TIMES);
      default:
        return name === 'after' || name === 'before' ? this.random.pick(CURSORS) : this.random.pick(STRINGS);
    }
  }

  /** A broken operation: one of the ways clients get it wrong. */
  private mutate(operation: Omit<GeneratedOperation, 'kind'>, root: GraphQLObjectType): GeneratedOperation {
    const how = this.random.pick([
      'wrong type',
      'unknown field',
      'missing required',
      'variable type',
      'unknown argument',
      'unknown enum',
      'syntax',
      'wrong variables',
    ]);
    let { query, variables } = operation;
    switch (how) {
      case 'wrong type': {
        // Every inline literal of one kind replaced by one of another kind.
        const wrong = this.random.pick([
          '"text"',
          '12345678901234567890',
          '{ a: 1 }',
          '[1, 2]',
          'true',
          '-0.5',
          'ENUM_VALUE',
        ]);
        query = query.replace(/(\w+: )("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false)/i, `$1${wrong}`);
        break;
      }
      case 'unknown field':
        query = query.replace(/\{ /, '{ doesNotExist { id } ');
        break;
      case 'missing required': {
        ({ query, variables } = this.operation(root, { dropRequired: true }));
        break;
      }
      case 'variable type': {
        const names = Object.keys(variables);
        if (names.length)
          variables = {
            ...variables,
            [this.random.pick(names)]: this.random.pick([
              'abc',
              1.5,
              { nested: [null] },
              [[[]]],
              null,
              -Infinity,
              true,
            ]),
          };
        else query = query.replace('Generated', 'Generated($unused: Int!)');
        break;
      }
      case 'unknown argument':
        query = query.replace(/(\{ \w+)(\(|\s)/, (_, field: string, next: string) =>
          next === '(' ? `${field}(bogus: 1, ` : `${field}(bogus: 1) `,
        );
        break;
      case 'unknown enum':
        query = query.replace(/(\w+: )([A-Z][A-Z_]+)([,)])/, '$1NOT_A_VALUE$3');
        break;
      case 'syntax':
        query = query.slice(0, 1 + this.random.below(Math.max(1, query.length - 1)));
        break;
      case 'wrong variables':
        variables = this.random.pick([
          [] as unknown as Record<string, unknown>,
          { ['__proto__']: { polluted: true } },
          { v0: 'x'.repeat(200_000) },
        ]);
        break;
    }
    return { kind: `mutated: ${how}`, query, variables };
  }
}
