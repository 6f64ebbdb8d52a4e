/**
 * Subgraphs answer only the platform (ARCHITECTURE.md, "The front door"): the gateway and the peer
 * subgraphs sign every request they send a subgraph, and a subgraph refuses one without a valid signature
 * before it reads anything else. The signature is an HMAC-SHA256 with the internal secret over
 *
 *   v1 \n <unix seconds> \n <METHOD> \n <path with query string> \n <body as sent>
 *
 * sent as `x-mpi-signed-at: <unix seconds>` and `x-mpi-signature: v1=<hex>`. It binds the timestamp, so a
 * captured request is refused once it is older than SIGNATURE_WINDOW_SECONDS (or as far in the future),
 * and the method, target and exact body bytes, so nothing of it can be changed on the way.
 * A body streamed as it arrives (an upload, gateway/attachment-files.ts) cannot be hashed before it is sent: its
 * signature goes in an HTTP trailer of the same name (`Trailer: x-mpi-signature`), and the subgraph keeps
 * nothing of the body until the trailer has verified (`streamSigner`, `checkSubgraphRequest`).
 * Any gateway can call the subgraphs with `signSubgraphRequest` (bench/stock-gateway.ts does, from its data
 * source's `willSendRequest`); it needs nothing of the platform but the secret.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'x-mpi-signature';
export const SIGNED_AT_HEADER = 'x-mpi-signed-at';
/** How long a signed request may be used: long enough for clocks a few seconds apart, short against replay. */
export const SIGNATURE_WINDOW_SECONDS = 60;
const VERSION = 'v1';

export interface SubgraphRequest {
  method: string;
  /** The request target as sent: path and query string (`/graphql`, `/graphql?query=…`). */
  path: string;
  /** The body exactly as sent; empty for GET. */
  body?: string;
}

/** Why a request was refused: 401 when it carries no signature, 403 when the signature is wrong or too old. */
export interface SignatureRefusal {
  status: 401 | 403;
  code: 'SIGNATURE_REQUIRED' | 'SIGNATURE_INVALID' | 'SIGNATURE_EXPIRED';
  message: string;
}

function hmacOf(secret: Uint8Array | string, signedAt: string, method: string, path: string): crypto.Hmac {
  return crypto.createHmac('sha256', secret).update(`${VERSION}\n${signedAt}\n${method.toUpperCase()}\n${path}\n`);
}

function mac(secret: Uint8Array | string, signedAt: string, request: SubgraphRequest): string {
  return hmacOf(secret, signedAt, request.method, request.path)
    .update(request.body ?? '', 'utf8')
    .digest('hex');
}

/** Characters hashed per turn of the event loop when a large body is signed (~0.5 ms each). */
const SLICE = 256 * 1024;

/** The part of a URL that is signed: path and query string, as an HTTP client sends them. */
export function requestTarget(url: string): string {
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
}

/** The headers that make `request` acceptable to a subgraph for the next SIGNATURE_WINDOW_SECONDS. */
export function signSubgraphRequest(
  secret: Uint8Array | string,
  request: SubgraphRequest,
  now = Date.now(),
): Record<string, string> {
  const signedAt = String(Math.floor(now / 1000));
  return { [SIGNED_AT_HEADER]: signedAt, [SIGNATURE_HEADER]: `${VERSION}=${mac(secret, signedAt, request)}` };
}

/**
 * The same headers, for a large body (an upload): the body is hashed a slice at a time with a turn of the event
 * loop between slices, so that signing ~13 MB does not stall every other request (issue 12, `/health` in 100 ms).
 */
export async function signSubgraphRequestInSlices(
  secret: Uint8Array | string,
  request: SubgraphRequest,
  now = Date.now(),
): Promise<Record<string, string>> {
  const body = request.body ?? '';
  if (body.length <= SLICE) return signSubgraphRequest(secret, request, now);
  const signedAt = String(Math.floor(now / 1000));
  const hmac = hmacOf(secret, signedAt, request.method, request.path);
  for (let from = 0; from < body.length;) {
    let to = Math.min(from + SLICE, body.length);
    // Never split a surrogate pair: each half alone would be hashed as U+FFFD.
    const last = body.charCodeAt(to - 1);
    if (to < body.length && last >= 0xd800 && last <= 0xdbff) to += 1;
    hmac.update(body.slice(from, to), 'utf8');
    from = to;
    if (from < body.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return { [SIGNED_AT_HEADER]: signedAt, [SIGNATURE_HEADER]: `${VERSION}=${hmac.digest('hex')}` };
}

/** Signs a body that is sent as it arrives: headers first, the signature in a trailer once the last chunk is sent. */
export interface StreamSigner {
  /** The headers to send (the signing time, and the announcement of the trailer). */
  readonly headers: Record<string, string>;
  update(chunk: Buffer): void;
  /** The trailer carrying the signature, after the last `update`. */
  trailers(): Record<string, string>;
}

export function streamSigner(
  secret: Uint8Array | string,
  request: { method: string; path: string },
  now = Date.now(),
): StreamSigner {
  const signedAt = String(Math.floor(now / 1000));
  const hmac = hmacOf(secret, signedAt, request.method, request.path);
  return {
    headers: { [SIGNED_AT_HEADER]: signedAt, trailer: SIGNATURE_HEADER },
    update: (chunk) => void hmac.update(chunk),
    trailers: () => ({ [SIGNATURE_HEADER]: `${VERSION}=${hmac.digest('hex')}` }),
  };
}

/**
 * A subgraph's check of a request it is reading: a request without a signature is refused before its body is
 * read; otherwise the body is hashed chunk by chunk as it arrives (`update`) and judged at the end (`finish`).
 */
export interface SignatureCheck {
  /** Set when the request is refused before its body is read (no signature, a malformed or stale signing time). */
  readonly refusal: SignatureRefusal | null;
  update(chunk: Buffer): void;
  /**
   * The verdict once the body is read. `trailers`: the request's trailers, for a signature sent as a trailer. The
   * signing time is judged against when the request arrived (`now`), so a long upload is not refused for its length.
   */
  finish(trailers?: Record<string, string | undefined>, now?: number): SignatureRefusal | null;
}

const MALFORMED: SignatureRefusal = {
  status: 403,
  code: 'SIGNATURE_INVALID',
  message: 'The request signature is not valid.',
};
const EXPIRED: SignatureRefusal = {
  status: 403,
  code: 'SIGNATURE_EXPIRED',
  message: `The request was signed more than ${SIGNATURE_WINDOW_SECONDS} s away from now: sign each request when it is sent.`,
};

/** `receivedAt`: when the request arrived; a signing time far from it is refused before anything is read. */
export function checkSubgraphRequest(
  secret: Uint8Array | string,
  request: { method: string; path: string },
  headers: { signature?: string; signedAt?: string; trailer?: string },
  receivedAt = Date.now(),
): SignatureCheck {
  const { signature, signedAt } = headers;
  const inTrailer =
    !signature &&
    (headers.trailer ?? '')
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(SIGNATURE_HEADER);
  const refused = (refusal: SignatureRefusal): SignatureCheck => ({ refusal, update: () => {}, finish: () => refusal });
  if ((!signature && !inTrailer) || !signedAt) {
    return refused({
      status: 401,
      code: 'SIGNATURE_REQUIRED',
      message: 'This service answers only the platform: the request must be signed.',
    });
  }
  const early = timeRefusal(signedAt, receivedAt);
  if (early) return refused(early);
  const hmac = hmacOf(secret, signedAt, request.method, request.path);
  return {
    refusal: null,
    update: (chunk) => void hmac.update(chunk),
    finish: (trailers = {}, now = receivedAt) => {
      const expected = Buffer.from(`${VERSION}=${hmac.digest('hex')}`);
      const given = Buffer.from(signature ?? trailers[SIGNATURE_HEADER] ?? '');
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return MALFORMED;
      return timeRefusal(signedAt, now);
    },
  };
}

function timeRefusal(signedAt: string, now: number): SignatureRefusal | null {
  if (!/^\d{1,12}$/.test(signedAt)) return MALFORMED;
  return Math.abs(now / 1000 - Number(signedAt)) > SIGNATURE_WINDOW_SECONDS ? EXPIRED : null;
}
