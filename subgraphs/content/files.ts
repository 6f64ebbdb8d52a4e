/**
 * The content subgraph's two routes outside GraphQL (issue 12), reached only through the gateway
 * (gateway/attachment-files.ts), signed like every other request:
 *
 *   POST /uploads            the raw bytes of one file, streamed to the attachment store as they arrive, hashed and
 *                            identified on the way; answers { uploadId, size, sha256, mediaType, expiresAt } (201).
 *                            The gateway signs a streamed body in a trailer: nothing is kept until it verifies.
 *   GET  /attachments/<id>   the bytes of an attachment the caller may read, as a download (Content-Disposition:
 *                            attachment, nosniff, a sandboxing CSP), with its checksum as ETag.
 *
 * So a file never travels inside GraphQL JSON, where megabytes would be parsed, copied and signed in one block
 * of the event loop on every hop.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { SubgraphServices } from '../common/context';
import { refuse, send, type FileRequest, type FileRoutes } from '../common/http';
import { httpStatusOf, DomainError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { megabytes } from '../../platform/request-body';
import { Attachment } from './entities/attachment';
import { Document } from './entities/document';
import { isAcceptedType, MAX_ATTACHMENT_BYTES, UNVERIFIED_MEDIA_TYPE } from './domain/attachment-types';
import { attachmentStore, type AttachmentStore } from './domain/attachments';
import { recordUpload } from './domain/uploads';
import { mayRead } from './domain/visibility';

const ATTACHMENT_PATH = /^\/attachments\/([0-9a-f-]{36})$/;

const NO_STORE = { 'cache-control': 'no-store' };

/** A refusal from the domain, as the GraphQL layer would word it; anything else is the server's fault. */
function refuseError(res: http.ServerResponse, error: unknown): void {
  if (!(error instanceof DomainError)) throw error;
  const code = String(error.extensions.code);
  send(res, httpStatusOf(code), { errors: [{ message: error.message, extensions: error.extensions }] }, NO_STORE);
}

/** `filename*` of RFC 6266/8187 (any name, UTF-8), with a plain ASCII `filename` for old clients. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * as they are; RFC 8187 wants them encoded too.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function contentFiles(services: SubgraphServices, log: Logger): FileRoutes {
  const store = attachmentStore({ services });
  return {
    serves: (pathname) => pathname === '/uploads' || ATTACHMENT_PATH.test(pathname),
    async handle(request) {
      const { res, method, url } = request;
      if (url.pathname === '/uploads') {
        if (method !== 'POST') return refuse(res, 405, 'BAD_REQUEST', 'Send the file by POST, its bytes as the body.');
        return upload(services, store, request);
      }
      if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, 'BAD_REQUEST', 'Attachments are read by GET.');
      return download(services, store, log, request, ATTACHMENT_PATH.exec(url.pathname)![1]);
    },
  };
}

async function upload(services: SubgraphServices, store: AttachmentStore, request: FileRequest): Promise<void> {
  const { req, res, check } = request;
  const file = await store.receive();
  const hash = crypto.createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_ATTACHMENT_BYTES) {
        await file.discard();
        // The rest of the body is still on its way: the connection cannot carry another request.
        return refuse(res, 413, 'BAD_REQUEST', `The file is larger than ${megabytes(MAX_ATTACHMENT_BYTES)}.`, {
          connection: 'close',
        });
      }
      check.update(chunk);
      hash.update(chunk);
      await file.write(chunk);
    }
    await file.end();
    const refused = check.finish(req.trailers);
    if (refused) {
      await file.discard();
      return refuse(res, refused.status, refused.code, refused.message);
    }
    if (size === 0) {
      await file.discard();
      return refuse(res, 400, 'BAD_USER_INPUT', "The body is empty: send the file's bytes as the body of the POST.");
    }
    const caller = await (await request.context()).requireCaller();
    const received = await recordUpload(services.db, store, caller, { file, size, sha256: hash.digest('hex') });
    send(
      res,
      201,
      {
        uploadId: received.id,
        size: received.size,
        sha256: received.sha256,
        mediaType: received.detectedMediaType,
        expiresAt: received.expiresAt.toISOString(),
      },
      NO_STORE,
    );
  } catch (error) {
    await file.discard();
    if (!req.complete) return void res.destroy(); // the sender went away mid-file: nobody to answer
    refuseError(res, error);
  }
}

async function download(
  services: SubgraphServices,
  store: AttachmentStore,
  log: Logger,
  request: FileRequest,
  id: string,
): Promise<void> {
  const { req, res, method, check } = request;
  const refused = check.finish();
  if (refused) return refuse(res, refused.status, refused.code, refused.message);
  const attachment = await services.db.getRepository(Attachment).findOneBy({ id });
  const document = attachment && (await services.db.getRepository(Document).findOneBy({ id: attachment.documentId }));
  const ctx = await request.context();
  const caller = document && document.status !== 'PUBLISHED' ? await ctx.activeCaller() : null;
  if (!attachment || !document || !mayRead(caller, document))
    return refuse(res, 404, 'NOT_FOUND', `No attachment with id ${id}.`);
  const etag = `"${attachment.sha256}"`;
  const headers: Record<string, string> = {
    'content-type': isAcceptedType(attachment.mediaType) ? attachment.mediaType : UNVERIFIED_MEDIA_TYPE,
    'content-disposition': contentDisposition(attachment.fileName),
    'x-content-type-options': 'nosniff',
    // Opened in a tab after all, it runs nothing and reaches nothing.
    'content-security-policy': "default-src 'none'; sandbox",
    etag,
    // A published document's file is the same for everybody; a draft's is for those who may see the draft.
    'cache-control': document.status === 'PUBLISHED' ? 'max-age=30, public' : 'private, no-store',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  // Opened before the answer starts, so that missing bytes are an error the caller is told of, not a cut-off file.
  const bytes = store.open(attachment.storageKey);
  try {
    await once(bytes, 'open');
  } catch (error) {
    log.error({ err: error, attachmentId: id }, "an attachment's bytes cannot be read");
    return refuse(res, 500, 'INTERNAL_SERVER_ERROR', "The file's bytes cannot be read now; the error has been logged.");
  }
  res.writeHead(200, { ...headers, 'content-length': String(attachment.size) });
  if (method === 'HEAD') {
    bytes.destroy();
    res.end();
    return;
  }
  await pipeline(bytes, res);
}
