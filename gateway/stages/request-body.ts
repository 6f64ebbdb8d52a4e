/**
 * Size limits and well-formed input: a POST body that is JSON, of at most MAX_REQUEST_BYTES (1 MB),
 * or MAX_UPLOAD_REQUEST_BYTES (15 MB) for a signed-in account, whose attachments (up to 10 MB) travel in
 * it as base64; a GET query string whose `variables` and `extensions` are JSON objects. Anything else
 * is a 400 (or 413) that says what is wrong, before any GraphQL work.
 */
import type { TokenVerifier } from '../../platform/auth';
import { megabytes, readBody } from '../../platform/request-body';
import { header, refusal, type Exchange, type GraphQLRequestBody, type Stage } from '../pipeline';

const MAX_QUERY_STRING = 16 * 1024;

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

interface BodyLimits {
  maxRequestBytes: number;
  maxUploadRequestBytes: number;
}

/** Whether the request carries a token that verifies: only then may its body be larger than the public limit. */
async function signedIn(exchange: Exchange, verifier: TokenVerifier): Promise<boolean> {
  const authorization = header(exchange, 'authorization');
  if (!authorization?.trim()) return false;
  try {
    return (await verifier.verify(authorization)) !== null;
  } catch {
    return false;
  }
}

export function requestBody(limits: BodyLimits, verifier: TokenVerifier): Stage {
  const tooLarge = (max: number, more: string) =>
    // The rest of the body is still on its way: the connection cannot carry another request, so it is closed.
    refusal(413, 'BAD_REQUEST', `The request is larger than ${megabytes(max)}.${more}`, { connection: 'close' });
  const onlyAccounts = ` Only a signed-in account may send more (up to ${megabytes(limits.maxUploadRequestBytes)}, for attachments).`;
  return async (exchange, next) => {
    if (exchange.method === 'POST') {
      // Anyone with a bearer header is read up to the larger limit; a body past the public one must then verify.
      const mayBeLarge = !!header(exchange, 'authorization')?.trim();
      const raw = await readBody(exchange.req, mayBeLarge ? limits.maxUploadRequestBytes : limits.maxRequestBytes);
      if (raw === null)
        return tooLarge(
          mayBeLarge ? limits.maxUploadRequestBytes : limits.maxRequestBytes,
          mayBeLarge ? '' : onlyAccounts,
        );
      if (Buffer.byteLength(raw) > limits.maxRequestBytes && !(await signedIn(exchange, verifier))) {
        return tooLarge(limits.maxRequestBytes, onlyAccounts);
      }
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
