/**
 * HTTP caching for browsers and CDNs: every successful answer carries a weak ETag of its body; a GET
 * whose If-None-Match names it gets 304 Not Modified with no body. The Cache-Control header comes
 * from the subgraphs' cache hints, combined by Apollo Server (public with a max-age only when every
 * part of the answer is public). A malformed If-None-Match is a 400, not a silent miss.
 */
import crypto from 'node:crypto';
import { header, refusal, type Answer, type Stage } from '../pipeline';

// RFC 9110: "*" or a list of entity tags, each W/"..." or "...", with no quote inside.
const IF_NONE_MATCH = /^\s*(\*|(W\/)?"[\x21\x23-\x7e\x80-\xff]*"(\s*,\s*(W\/)?"[\x21\x23-\x7e\x80-\xff]*")*)\s*$/;

export function etagOf(body: Buffer): string {
  return `W/"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
}

function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

export function httpCaching(): Stage {
  return async (exchange, next) => {
    const ifNoneMatch = header(exchange, 'if-none-match');
    if (ifNoneMatch !== undefined && !IF_NONE_MATCH.test(ifNoneMatch)) {
      return refusal(
        400,
        'BAD_REQUEST',
        'The If-None-Match header is malformed: send the ETag of an earlier answer, e.g. W/"abc".',
      );
    }
    const answer = await next();
    if (answer.status !== 200 || answer.body.length === 0) return answer;
    const etag = answer.headers.etag ?? etagOf(answer.body);
    answer.headers.etag = etag;
    if (
      ifNoneMatch !== undefined &&
      (exchange.method === 'GET' || exchange.method === 'HEAD') &&
      matches(ifNoneMatch, etag)
    ) {
      const kept = ['etag', 'cache-control', 'vary', 'x-mpi-cache'];
      const headers: Answer['headers'] = {};
      for (const name of kept) if (answer.headers[name]) headers[name] = answer.headers[name];
      return { status: 304, headers, body: Buffer.alloc(0) };
    }
    return answer;
  };
}
