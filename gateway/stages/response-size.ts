/**
 * Issue 12: an answer larger than MAX_RESPONSE_BYTES is not sent; the caller gets RESPONSE_TOO_LARGE
 * instead (HTTP 400, never cached). The cost budget keeps the work an operation may cause in
 * bounds; this bounds what one answer may take of the network and of a client's memory when the
 * items are large (long bodies, many fields). It is the innermost stage, so the response cache
 * and compression only ever see answers of a size that may be sent.
 */
import { ErrorCode } from '../../platform/errors';
import { megabytes } from '../../platform/request-body';
import { refusal, type Stage } from '../pipeline';

export function responseSize(maxBytes: number): Stage {
  return async (_exchange, next) => {
    const answer = await next();
    if (answer.body.length <= maxBytes) return answer;
    const message =
      `The answer is ${megabytes(answer.body.length)}, over the limit of ${megabytes(maxBytes)} the API sends in one response. ` +
      'Ask for smaller pages (a lower `first`, then follow pageInfo.endCursor) or fewer fields. ' +
      'A mutation was carried out all the same: ask for less of its result.';
    return refusal(400, ErrorCode.RESPONSE_TOO_LARGE, message, {}, { size: answer.body.length, limit: maxBytes });
  };
}
