/** `DateTime`: an ISO-8601 instant in UTC with milliseconds, the same in every subgraph. */
import { GraphQLScalarType, Kind } from 'graphql';
import { instantProblem, readInstant } from '../../platform/instant';
import { badInput } from '../../platform/errors';

function parseInstant(value: unknown): Date {
  const date = readInstant(value);
  if (!date) throw badInput(instantProblem(value));
  return date;
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
    if (ast.kind !== Kind.STRING)
      throw badInput(instantProblem(ast.kind === Kind.NULL ? null : (ast as { value?: unknown }).value));
    return parseInstant(ast.value);
  },
});
