/**
 * Files in and out, outside GraphQL (issue 12): a file of many megabytes inside a GraphQL request or answer is
 * parsed, copied and signed in one block of the event loop at every hop, and `/health` waits behind it. Here the
 * bytes pass through as a stream, a chunk at a time, to and from the content subgraph (subgraphs/content/files.ts):
 *
 *   POST /uploads            a signed-in account's file, the raw bytes as the body (up to 10 MB); the answer's
 *                            `uploadId` goes into `addAttachment(input: { uploadId })`.
 *   GET  /attachments/<id>   an attachment's bytes as a download (`Attachment.url`), for whoever may read its document.
 *
 * The front door's stages run first (CORS, identification, rate limits): an upload counts as one request. The
 * upload is signed as it streams, its signature sent in a trailer (platform/request-signature.ts).
 */
import http from 'node:http';
import { pipeline as pipe } from 'node:stream/promises';
import { ErrorCode } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { MAX_FILE_BYTES, megabytes, readBody } from '../platform/request-body';
import { REQUEST_ID_HEADER } from '../platform/request-scope';
import { signSubgraphRequest, streamSigner } from '../platform/request-signature';
import { injectTraceHeaders } from '../platform/tracing';
import { write } from './http';
import { admit, refusal, type Answer, type Exchange, type Stage } from './pipeline';

const ATTACHMENT_PATH = /^\/attachments\/[^/]+$/;
/** What of the content subgraph's answer to a download reaches the client. */
const DOWNLOAD_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'x-content-type-options',
  'content-security-policy',
  'etag',
  'cache-control',
];

export interface AttachmentFilesOptions {
  /** The content subgraph's GraphQL URL (its files are served beside it). */
  contentUrl: string;
  secret: Uint8Array;
  /** The front door's stages these requests pass too (CORS, identification, rate limits). */
  stages: Stage[];
  /** How long the content subgraph may take to start answering. */
  timeoutMs: number;
  log: Logger;
}

export class AttachmentFiles {
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(private readonly options: AttachmentFilesOptions) {}

  wants(pathname: string): boolean {
    return pathname === '/uploads' || ATTACHMENT_PATH.test(pathname);
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const { exchange, answer, admitted } = await admit(this.options.stages, req, url);
    // Refused at the door, or a preflight: answered as is.
    if (!admitted) return write(res, answer);
    const headers = { ...answer.headers, 'x-request-id': exchange.requestId };
    const refuse = (status: number, code: string, message: string, extra: Record<string, string> = {}) =>
      write(res, withHeaders(refusal(status, code, message, extra), headers));
    if (exchange.headers['x-api-key'])
      return refuse(
        403,
        ErrorCode.FORBIDDEN,
        'Partners read through their registered operations; files are not among them.',
      );
    if (exchange.credentialError)
      return refuse(401, ErrorCode.UNAUTHENTICATED, 'Your credentials were not accepted; sign in again.');
    if (url.pathname === '/uploads') {
      if (exchange.method !== 'POST')
        return refuse(405, 'BAD_REQUEST', 'Send the file by POST, its bytes as the body.');
      if (!exchange.claims)
        return refuse(401, ErrorCode.UNAUTHENTICATED, 'Sign in to upload a file: send a valid bearer token.');
      if (Number(req.headers['content-length'] ?? 0) > MAX_FILE_BYTES)
        return refuse(413, 'BAD_REQUEST', `The file is larger than ${megabytes(MAX_FILE_BYTES)}.`, {
          connection: 'close',
        });
      return this.upload(exchange, res, headers);
    }
    if (exchange.method !== 'GET' && exchange.method !== 'HEAD')
      return refuse(405, 'BAD_REQUEST', 'Attachments are read by GET.');
    return this.download(exchange, res, headers);
  }

  /** Opens the request to the content subgraph, signed and carrying the caller, the request id and the trace. */
  private send(
    exchange: Exchange,
    method: string,
    path: string,
    headers: Record<string, string>,
  ): { upstream: http.ClientRequest; response: Promise<http.IncomingMessage>; awaitAnswer(): void } {
    const target = new URL(path, this.options.contentUrl);
    const authorization = exchange.claims ? (exchange.headers.authorization as string) : undefined;
    const upstream = http.request(target, {
      method,
      agent: this.agent,
      headers: injectTraceHeaders({
        ...headers,
        ...(authorization ? { authorization } : {}),
        [REQUEST_ID_HEADER]: exchange.requestId,
      }),
    });
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      upstream.once('response', (answer) => {
        // From here on the client sets the pace: a slow reader must not look like a silent subgraph.
        upstream.setTimeout(0);
        resolve(answer);
      });
      upstream.once('error', reject);
    });
    response.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
    // How long content may take to start answering, counted once all was sent (an upload's body comes at the client's pace).
    const awaitAnswer = () =>
      upstream.setTimeout(this.options.timeoutMs, () => upstream.destroy(new Error('the content subgraph timed out')));
    return { upstream, response, awaitAnswer };
  }

  private async upload(exchange: Exchange, res: http.ServerResponse, headers: Record<string, string>): Promise<void> {
    const signer = streamSigner(this.options.secret, { method: 'POST', path: '/uploads' });
    const { upstream, response, awaitAnswer } = this.send(exchange, 'POST', '/uploads', {
      ...signer.headers,
      'content-type': 'application/octet-stream',
    });
    const req = exchange.req;
    let outcome: 'sent' | 'too large';
    try {
      outcome = await passOn(req, upstream, response, (chunk) => signer.update(chunk));
    } catch (error) {
      upstream.destroy();
      if (res.destroyed) return; // the client went away mid-file
      // The rest of the client's body is not read: the connection cannot carry another request.
      return this.unavailable(error, res, { ...headers, connection: 'close' });
    }
    if (outcome === 'too large') {
      upstream.destroy();
      const message = `The file is larger than ${megabytes(MAX_FILE_BYTES)}.`;
      return write(res, withHeaders(refusal(413, 'BAD_REQUEST', message, { connection: 'close' }), headers));
    }
    upstream.addTrailers(signer.trailers());
    upstream.end();
    awaitAnswer();
    try {
      await this.relay(await response, res, headers, ['content-type']);
    } catch (error) {
      upstream.destroy();
      if (!res.destroyed) this.unavailable(error, res, headers);
    }
  }

  private async download(exchange: Exchange, res: http.ServerResponse, headers: Record<string, string>): Promise<void> {
    const path = exchange.url.pathname;
    const ifNoneMatch = exchange.headers['if-none-match'];
    const { upstream, response, awaitAnswer } = this.send(exchange, exchange.method, path, {
      ...signSubgraphRequest(this.options.secret, { method: exchange.method, path }),
      ...(typeof ifNoneMatch === 'string' ? { 'if-none-match': ifNoneMatch } : {}),
    });
    upstream.end();
    awaitAnswer();
    try {
      await this.relay(await response, res, headers, DOWNLOAD_HEADERS);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      this.unavailable(error, res, headers);
    }
  }

  /** The content subgraph's answer, passed on as it streams. */
  private async relay(
    from: http.IncomingMessage,
    res: http.ServerResponse,
    headers: Record<string, string>,
    passed: string[],
  ): Promise<void> {
    if (from.statusCode === 401 || from.statusCode === 403) {
      // Content's refusal of the gateway's own signature is the platform's fault (INTERNAL_SECRET differs, clocks
      // apart), not the caller's: logged, and answered as the service being unavailable.
      const text = (await readBody(from, 64 * 1024)) ?? '';
      if (/"code":"SIGNATURE_/.test(text)) {
        this.options.log.error({ answer: text.slice(0, 500) }, "the content subgraph refused the gateway's signature");
        const message = 'The file service is not available now; the error has been logged.';
        return write(res, withHeaders(refusal(503, ErrorCode.SUBGRAPH_UNAVAILABLE, message), headers));
      }
      res.writeHead(from.statusCode, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      return void res.end(text);
    }
    const out: Record<string, string> = { ...headers };
    for (const name of passed) {
      const value = from.headers[name];
      if (typeof value === 'string') out[name] = value;
    }
    res.writeHead(from.statusCode ?? 502, out);
    await pipe(from, res);
  }

  private unavailable(error: unknown, res: http.ServerResponse, headers: Record<string, string>): void {
    this.options.log.warn({ err: error }, 'file transfer to the content subgraph failed');
    if (res.headersSent) return void res.destroy();
    const message = 'The content service did not answer; try again shortly.';
    write(res, withHeaders(refusal(503, ErrorCode.SUBGRAPH_UNAVAILABLE, message), headers));
  }

  stop(): void {
    this.agent.destroy();
  }
}

/**
 * Passes the client's body on to `upstream` chunk by chunk, as fast as `upstream` takes it, up to MAX_FILE_BYTES.
 * Not `for await`: leaving such a loop early destroys the request, and with it the socket the answer must go on.
 */
function passOn(
  req: http.IncomingMessage,
  upstream: http.ClientRequest,
  failed: Promise<unknown>,
  onChunk: (chunk: Buffer) => void,
): Promise<'sent' | 'too large'> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const finish = (settle: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', reject);
      req.pause();
      settle();
    };
    const onEnd = () => finish(() => resolve('sent'));
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) return finish(() => resolve('too large'));
      onChunk(chunk);
      if (!upstream.write(chunk)) {
        req.pause();
        upstream.once('drain', () => req.resume());
      }
    };
    req.on('data', onData).once('end', onEnd).once('error', reject);
    failed.catch((error: unknown) => finish(() => reject(error)));
  });
}

function withHeaders(answer: Answer, headers: Record<string, string>): Answer {
  return { ...answer, headers: { ...headers, ...answer.headers } };
}
