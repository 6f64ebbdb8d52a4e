/**
 * The one place that defines error codes. Every denial or bad input leaves the server as a
 * GraphQL error with `extensions.code` and a sentence a person understands.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { megabytes } from './request-body';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** Issue 12: an operation whose estimated cost is over the gateway's budget (MAX_QUERY_COST). */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** Issue 12: an answer larger than the gateway sends (MAX_RESPONSE_BYTES). */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** A subgraph failed, timed out or is paused by its circuit breaker: its part of the answer is null (gateway). */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** Issue 12: more requests a minute than the caller's limit (HTTP 429 with Retry-After). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Issue 14: a live update stream resumed after an event no longer kept; the client reads the current state again. */
  REPLAY_UNAVAILABLE: 'REPLAY_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Partial<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SUBGRAPH_UNAVAILABLE: 503,
};

/** Issue 12: what an answer over MAX_RESPONSE_BYTES is told; `size` is its size, or what a subgraph had counted when it stopped. */
export function responseTooLargeMessage(size: number, limit: number, atLeast = false): string {
  return (
    `The answer is ${atLeast ? 'more than ' : ''}${megabytes(size)}, over the limit of ${megabytes(limit)} the API sends in one response. ` +
    'Ask for smaller pages (a lower `first`, then follow pageInfo.endCursor) or fewer fields (long texts: `body`; ' +
    'files: download them from their `url` rather than `contentBase64`). ' +
    'A mutation was carried out all the same: ask for less of its result.'
  );
}

/** The same, raised by a subgraph as soon as the long texts it puts in an answer pass the limit (SubgraphContext.charge). */
export const answerTooLarge = (counted: number, limit: number) =>
  new DomainError(ErrorCode.RESPONSE_TOO_LARGE, responseTooLargeMessage(counted, limit, true), {
    size: counted,
    limit,
  });

/** The HTTP status of a refusal made outside GraphQL (a stream, a file), by its code; 400 for bad input and the rest. */
export const httpStatusOf = (code: unknown): number => HTTP_STATUS[String(code)] ?? 400;

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const unauthenticated = (message = 'Sign in to do this: send a valid bearer token.') =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message);
/** For credentials refused before execution: the whole request fails with HTTP 401. */
export const badCredentials = (message: string) =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
export const forbidden = (message: string) => new DomainError(ErrorCode.FORBIDDEN, message);
export const badInput = (message: string, field?: string) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (message: string) => new DomainError(ErrorCode.NOT_FOUND, message);
export const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);

const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  // Apollo Server's own codes for malformed requests are safe to show as they are.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** "Did you mean …?" after a typo names parts of the schema the caller did not ask to see. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * The code an error stands for. graphql-js reports an error a scalar raised on a literal (a malformed
 * DateTime) as a validation failure; when it is one of ours (a DomainError) its own code is the truth.
 */
function codeOf(formatted: GraphQLFormattedError, error: unknown): string {
  const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof DomainError) return String(original.extensions.code);
  return code;
}

/** What the MySQL/MariaDB driver reports when the server is away (stopped, restarting, connection cut). */
const DATABASE_AWAY = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_GONE_ERROR',
]);

/**
 * Whether an error is the database being away, or wraps one: TypeORM's `driverError`, GraphQL's `originalError`
 * and `thrownValue` (the driver's pool rejects with a plain object, not an Error, when it cannot connect), a `cause`.
 */
export function isDatabaseAway(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, driverError, originalError, thrownValue, cause } = error as Record<string, unknown>;
  if (typeof code === 'string' && DATABASE_AWAY.has(code)) return true;
  if (error instanceof Error && /closed state|Pool is closed/.test(error.message)) return true;
  return [driverError, originalError, thrownValue, cause].some(
    (inner) => inner !== error && isDatabaseAway(inner, depth + 1),
  );
}

/**
 * Apollo's `formatError`: errors we raised pass as they are; anything unexpected (a SQL
 * failure, a bug) is logged and, outside development, replaced by a generic message.
 * Stack traces never leave the server: they are in the log; outside development neither do
 * suggestions of enum values or fields ("Did you mean the enum value WEBSITE?").
 * `service`: the subgraph this formats for. Its database being away (a restart) is not a bug: its part of
 * the answer is SUBGRAPH_UNAVAILABLE, as when the subgraph itself does not answer (issue 12, chaos tests).
 */
export function formatError(development: boolean, log: (error: unknown) => void, service?: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (service && isDatabaseAway(error)) {
      log(error);
      return {
        message:
          `The ${service} service could not reach its database, so this part of the answer is missing. Try again in a moment; ` +
          'if you were changing something, check whether the change was made before sending it again.',
        path: formatted.path,
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
      };
    }
    const code = codeOf(formatted, error);
    const shown = development ? formatted : { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
    const coded = code === formatted.extensions?.code ? shown : { ...shown, extensions: { ...shown.extensions, code } };
    if (KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) return withoutStacktrace(coded);
    // The gateway relays subgraph errors; a subgraph has already masked its own.
    if (formatted.extensions?.serviceName && code !== ErrorCode.INTERNAL_SERVER_ERROR) return withoutStacktrace(coded);
    log(error);
    if (development) return withoutStacktrace(formatted);
    return {
      message: 'Internal server error. The incident was logged; please try again later.',
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _omitted, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
