/**
 * How a stream is written, in the two protocols clients speak out of the box:
 * - Server-Sent Events as the graphql-sse protocol's "distinct connections mode" has them (`event: next` with the
 *   result as data, `event: complete` at the end), each result with the event's `id:`, so that a browser's
 *   EventSource resumes by itself (Last-Event-ID) and any client can resume on another replica;
 * - Apollo Client's multipart subscriptions (`multipart/mixed;boundary=graphql;subscriptionSpec=1.0`): each
 *   result as `{"payload": ...}`, heartbeats as `{}`, a closing error as `{"payload": null, "errors": [...]}`.
 */
import type http from 'node:http';
import type { GraphQLFormattedError } from 'graphql';
import type { Delivery } from './session';

export type TransportKind = 'sse' | 'multipart';

export interface Transport {
  readonly contentType: string;
  /** Writes what precedes the first result. */
  open(): void;
  /** Writes one delivery; a `close` ends the response. */
  write(delivery: Delivery): void;
  /** Keeps proxies and clients from taking a quiet stream for a dead one. */
  heartbeat(): void;
}

/** The transport a request asks for by its Accept header, if any. */
export function transportAsked(accept: string | undefined): TransportKind | null {
  if (!accept) return null;
  const types = accept
    .toLowerCase()
    .split(',')
    .map((each) => each.trim());
  if (types.some((type) => type.startsWith('multipart/mixed') && type.includes('subscriptionspec=1.0')))
    return 'multipart';
  if (types.some((type) => type.startsWith('text/event-stream'))) return 'sse';
  return null;
}

export function transport(kind: TransportKind, res: http.ServerResponse): Transport {
  return kind === 'sse' ? sse(res) : multipart(res);
}

function sse(res: http.ServerResponse): Transport {
  return {
    contentType: 'text/event-stream; charset=utf-8',
    open: () => void res.write(':\n\n'), // sends the head at once: a browser's EventSource opens on it
    write(delivery) {
      if (delivery.kind === 'next') {
        res.write(
          `${delivery.id ? `id: ${delivery.id}\n` : ''}event: next\ndata: ${JSON.stringify(delivery.result)}\n\n`,
        );
        return;
      }
      // A closing reason is the last result; `complete` tells the client not to reconnect.
      if (delivery.error) res.write(`event: next\ndata: ${JSON.stringify({ errors: [delivery.error] })}\n\n`);
      res.end('event: complete\ndata:\n\n');
    },
    heartbeat: () => void res.write(':\n\n'),
  };
}

const BOUNDARY = 'graphql';

/** Each part is followed by the delimiter at once: a client reads a part as complete only when it sees the next one. */
function multipart(res: http.ServerResponse): Transport {
  const part = (value: unknown) =>
    res.write(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(value)}\r\n--${BOUNDARY}`);
  return {
    contentType: `multipart/mixed;boundary=${BOUNDARY};subscriptionSpec=1.0`,
    open: () => void res.write(`\r\n--${BOUNDARY}`),
    write(delivery) {
      if (delivery.kind === 'next') {
        part({ payload: delivery.result });
        return;
      }
      if (delivery.error) part({ payload: null, errors: [delivery.error] satisfies GraphQLFormattedError[] });
      res.end('--\r\n'); // the delimiter last written becomes the closing one
    },
    heartbeat: () => void part({}),
  };
}
