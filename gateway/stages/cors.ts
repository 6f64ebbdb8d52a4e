/**
 * CORS: pages of the city's websites call the API from their own origins. Only origins on the
 * allow-list (CORS_ORIGINS; in development also any localhost origin) get CORS headers; any other
 * origin gets none, so the browser keeps the answer from the page. Preflights are answered here,
 * before anything else runs. CSRF prevention (Apollo Server's) stays on behind this stage.
 */
import { header, vary, type Answer, type Stage } from '../pipeline';

/** What clients send: tokens, JSON, partner keys, Apollo's CSRF and client headers, conditional GETs. */
export const ALLOWED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'if-none-match',
  // Issue 14: where an event stream resumes.
  'last-event-id',
];
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Response headers a page may read. */
const EXPOSED_HEADERS = 'content-disposition, etag, retry-after, traceresponse, x-mpi-cache, x-request-id';
const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export interface CorsOptions {
  origins: readonly string[];
  /** Development: any http(s)://localhost, 127.0.0.1 or [::1] origin. */
  allowLocalhost: boolean;
}

export function cors(options: CorsOptions): Stage {
  const listed = new Set(options.origins);
  const allowed = (origin: string) => listed.has(origin) || (options.allowLocalhost && LOCALHOST.test(origin));

  return async (exchange, next) => {
    const origin = header(exchange, 'origin');
    const preflight = exchange.method === 'OPTIONS';
    if (preflight) {
      const answer: Answer = { status: 204, headers: { allow: ALLOWED_METHODS }, body: Buffer.alloc(0) };
      vary(answer, 'Origin');
      if (origin && allowed(origin) && header(exchange, 'access-control-request-method')) {
        answer.headers['access-control-allow-origin'] = origin;
        answer.headers['access-control-allow-methods'] = ALLOWED_METHODS;
        answer.headers['access-control-allow-headers'] = ALLOWED_REQUEST_HEADERS.join(', ');
        answer.headers['access-control-max-age'] = '600';
      }
      return answer;
    }
    const answer = await next();
    vary(answer, 'Origin');
    if (origin && allowed(origin)) {
      answer.headers['access-control-allow-origin'] = origin;
      answer.headers['access-control-expose-headers'] = EXPOSED_HEADERS;
    }
    return answer;
  };
}
