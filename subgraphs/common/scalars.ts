/** `DateTime`: an ISO-8601 instant in UTC with milliseconds, the same in every subgraph. */
import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors';

function parseInstant(value: unknown): Date {
  if (typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return date;
  }
  throw badInput(`"${String(value)}" is not a date-time; use ISO 8601, e.g. 2026-11-25T09:30:00Z.`);
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant in ISO 8601, UTC, e.g. 2026-11-25T09:30:00.000Z.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    return date.toISOString();
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('A DateTime must be written as a string.');
    return parseInstant(ast.value);
  },
});
