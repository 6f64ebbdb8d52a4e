/**
 * Issue 12: an answer larger than MAX_RESPONSE_BYTES is not sent; the caller gets RESPONSE_TOO_LARGE
 * instead (HTTP 400, never cached). A subgraph stops building an answer whose long texts pass the limit
 * (SubgraphContext.charge): its RESPONSE_TOO_LARGE errors become the same one refusal here, not a partial answer.
 * The cost budget keeps the work an operation may cause in bounds; this bounds what one answer may take of the network and of a client's memory when the
 * items are large (long bodies, many fields). It is the innermost stage, so the response cache
 * and compression only ever see answers of a size that may be sent.
 */
import { ErrorCode, responseTooLargeMessage } from '../../platform/errors';
import { refusal, type Stage } from '../pipeline';

const REFUSED_BY_A_SUBGRAPH = `"${ErrorCode.RESPONSE_TOO_LARGE}"`;

/** What a subgraph had counted when it refused to go on (null: the code was only text in the data). */
function countedBySubgraph(body: Buffer): number | null {
  const { errors } = JSON.parse(body.toString('utf8')) as { errors?: { extensions?: Record<string, unknown> }[] };
  const refused = errors?.find((error) => error.extensions?.code === ErrorCode.RESPONSE_TOO_LARGE);
  if (!refused) return null;
  const size = Number(refused.extensions?.size);
  return Number.isFinite(size) && size > 0 ? size : 0;
}

export function responseSize(maxBytes: number): Stage {
  return async (_exchange, next) => {
    const answer = await next();
    if (answer.body.length > maxBytes) return tooLarge(answer.body.length, false);
    const counted = answer.body.includes(REFUSED_BY_A_SUBGRAPH) ? countedBySubgraph(answer.body) : null;
    return counted === null ? answer : tooLarge(Math.max(counted, maxBytes + 1), true);
  };
  function tooLarge(size: number, atLeast: boolean) {
    const message = responseTooLargeMessage(size, maxBytes, atLeast);
    return refusal(400, ErrorCode.RESPONSE_TOO_LARGE, message, {}, { size, limit: maxBytes });
  }
}
