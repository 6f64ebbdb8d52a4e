/**
 * Size limits and well-formed input: a POST body that is JSON, of at most MAX_REQUEST_BYTES (1 MB) from anyone;
 * a GET query string whose `variables` and `extensions` are JSON objects. Anything else is a 400 (or 413) that
 * says what is wrong, before any GraphQL work. Files larger than fit go to POST /uploads as a stream
 * (gateway/attachment-files.ts), never inside GraphQL JSON (issue 12: no request blocks the event loop).
 */
import { megabytes, readBody } from '../../platform/request-body';
import { refusal, type GraphQLRequestBody, type Stage } from '../pipeline';

const MAX_QUERY_STRING = 16 * 1024;

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

export function requestBody(limits: { maxRequestBytes: number }): Stage {
  // The rest of the body is still on its way: the connection cannot carry another request, so it is closed.
  const tooLarge = refusal(
    413,
    'BAD_REQUEST',
    `The request is larger than ${megabytes(limits.maxRequestBytes)}. ` +
      'A file goes to POST /uploads first (its bytes as the body), then addAttachment(input: { uploadId }).',
    { connection: 'close' },
  );
  return async (exchange, next) => {
    if (exchange.method === 'POST') {
      const raw = await readBody(exchange.req, limits.maxRequestBytes);
      if (raw === null) return { ...tooLarge, headers: { ...tooLarge.headers } };
      if (raw) {
        try {
          exchange.body = JSON.parse(raw) as GraphQLRequestBody;
        } catch {
          return refusal(400, 'BAD_REQUEST', 'The body is not JSON.');
        }
        if (typeof exchange.body !== 'object' || exchange.body === null || Array.isArray(exchange.body)) {
          return refusal(
            400,
            'BAD_REQUEST',
            'The body must be one JSON object: { "query": ..., "variables": ... } (batches are not accepted).',
          );
        }
      }
    } else if (exchange.method === 'GET' || exchange.method === 'HEAD') {
      if (exchange.url.search.length > MAX_QUERY_STRING)
        return refusal(
          414,
          'BAD_REQUEST',
          'The query string is longer than 16 KB; send the operation by POST or as a persisted query.',
        );
      for (const name of ['variables', 'extensions']) {
        const value = exchange.url.searchParams.get(name);
        if (value !== null && !isJsonObject(value)) {
          return refusal(
            400,
            'BAD_REQUEST',
            `The "${name}" parameter of a GET request must be a URL-encoded JSON object.`,
          );
        }
      }
    }
    return next();
  };
}
