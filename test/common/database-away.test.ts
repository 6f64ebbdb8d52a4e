/**
 * Found by the chaos test of a MariaDB restart (test/chaos/database-restart.test.ts): while the server was
 * away, every request answered INTERNAL_SERVER_ERROR ("the incident was logged"), as for a bug. A subgraph whose
 * database is away now answers its part as SUBGRAPH_UNAVAILABLE, as when the subgraph itself does not answer,
 * with a message that says to try again (and, for a change, to check whether it was made).
 */
import { GraphQLError, locatedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { formatError, isDatabaseAway } from '../../platform/errors';

/** What mysql2 raises when the server closes a pooled connection (shutdown, restart). */
function connectionLost(): Error {
  return Object.assign(new Error('Connection lost: The server closed the connection.'), {
    code: 'PROTOCOL_CONNECTION_LOST',
    fatal: true,
  });
}
/** What mysql2's pool rejects with when it cannot connect: a plain object, not an Error. */
const refused = {
  errno: -111,
  code: 'ECONNREFUSED',
  syscall: 'connect',
  address: '127.0.0.1',
  port: 3306,
  fatal: true,
};

describe('a subgraph whose database is away answers SUBGRAPH_UNAVAILABLE, not INTERNAL_SERVER_ERROR', () => {
  const logged: unknown[] = [];
  const format = formatError(false, (error) => logged.push(error), 'content');
  const asResolverError = (thrown: unknown) => locatedError(thrown, undefined, ['createDocument']);

  test('a lost connection (TypeORM QueryFailedError over mysql2) and a refused one (a plain object) are the database being away', () => {
    for (const thrown of [new QueryFailedError('INSERT ...', [], connectionLost()), refused]) {
      const error = asResolverError(thrown);
      expect(isDatabaseAway(error)).toBe(true);
      const formatted = format(
        { message: error.message, path: ['createDocument'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        error,
      );
      expect(formatted).toEqual({
        message:
          'The content service could not reach its database, so this part of the answer is missing. Try again in a moment; ' +
          'if you were changing something, check whether the change was made before sending it again.',
        path: ['createDocument'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
      });
    }
    expect(logged).toHaveLength(2);
  });

  test('any other failure of SQL is still an internal error, logged, with no detail', () => {
    const duplicate = Object.assign(new Error("Duplicate entry 'x' for key 'PRIMARY'"), { code: 'ER_DUP_ENTRY' });
    const error = asResolverError(new QueryFailedError('INSERT ...', [], duplicate));
    expect(isDatabaseAway(error)).toBe(false);
    expect(format({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error).extensions).toEqual(
      { code: 'INTERNAL_SERVER_ERROR' },
    );
    expect(isDatabaseAway(new GraphQLError('Pool of ideas'))).toBe(false);
  });

  test('the gateway (formatting without a service name) leaves subgraph errors as they are', () => {
    const error = asResolverError(refused);
    const formatted = formatError(false, () => undefined)(
      { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      error,
    );
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
