/**
 * The one place that defines error codes. Every denial or bad input leaves the server as a
 * GraphQL error with `extensions.code` and a sentence a person understands.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

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

/**
 * Apollo's `formatError`: errors we raised pass as they are; anything unexpected (a SQL
 * failure, a bug) is logged and, outside development, replaced by a generic message.
 * Stack traces never leave the server: they are in the log.
 */
export function formatError(development: boolean, log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    if (KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) return withoutStacktrace(formatted);
    // The gateway relays subgraph errors; a subgraph has already masked its own.
    if (formatted.extensions?.serviceName && code !== ErrorCode.INTERNAL_SERVER_ERROR) return withoutStacktrace(formatted);
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
