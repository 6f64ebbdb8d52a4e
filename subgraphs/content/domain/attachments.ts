/**
 * Attachments: the metadata and SHA-256 checksum are rows of the content database; the bytes
 * live in an attachment store behind an interface (local disk here; an object store can take
 * its place). Files are stored under their checksum, so the same file is kept once.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/caller';
import { badInput, DomainError, ErrorCode, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { changed, enqueueChange } from '../../common/changes';
import { Attachment } from '../entities/attachment';
import { Document } from '../entities/document';
import { MAX_ATTACHMENT_BYTES, isAcceptedType, matches, refusalOf } from './attachment-types';
import { small, type ContentWorkers } from './heavy-work';
import { assertMayPublish, type Asker } from './publishing-right';
import { mayRead } from './visibility';
import { takeUpload } from './uploads';
import { assertEditable } from './workflow';

export interface AttachmentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** The bytes as a stream, for a download. */
  open(key: string): Readable;
  /** A file written as it arrives (an upload), beside the stored ones, so that keeping it is a rename. */
  receive(): Promise<IncomingFile>;
  /** Removes the bytes under `key` if they were written before `before`; whether they were. */
  removeIfOlder(key: string, before: Date): Promise<boolean>;
  /** Removes files still being received since before `before` (a process that stopped mid-upload left them). */
  discardIncomingBefore(before: Date): Promise<number>;
}

export interface IncomingFile {
  /** Where it is being written (type detection reads it there). */
  readonly path: string;
  write(chunk: Buffer): Promise<void>;
  /** All of it has been written. */
  end(): Promise<void>;
  /** Files it under its key (its SHA-256). */
  keep(key: string): Promise<void>;
  discard(): Promise<void>;
}

export class LocalDiskStore implements AttachmentStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^[a-f0-9]{64}$/.test(key)) throw new Error(`bad attachment key ${key}`);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${crypto.randomUUID()}`;
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, file); // atomic: a reader never sees half a file
  }

  get(key: string): Promise<Buffer> {
    return fs.readFile(this.file(key));
  }

  open(key: string): Readable {
    return createReadStream(this.file(key), { highWaterMark: 64 * 1024 });
  }

  async receive(): Promise<IncomingFile> {
    const dir = path.join(this.dir, 'incoming');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, crypto.randomUUID());
    const out = createWriteStream(file);
    // Every failure of the stream is kept and reported by the next call, never left as an unhandled 'error' event.
    let failure: Error | null = null;
    out.on('error', (error) => (failure ??= error));
    await once(out, 'open');
    return {
      path: file,
      write: async (chunk) => {
        if (failure) throw failure;
        if (!out.write(chunk)) await once(out, 'drain');
      },
      end: () =>
        new Promise<void>((resolve, reject) => {
          if (failure) return reject(failure);
          out.end(() => (failure ? reject(failure) : resolve()));
        }),
      keep: async (key) => {
        const target = this.file(key);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.rename(file, target);
      },
      discard: async () => {
        if (!out.closed) {
          const closed = once(out, 'close').catch(() => undefined);
          out.destroy();
          await closed;
        }
        await fs.rm(file, { force: true });
      },
    };
  }

  async discardIncomingBefore(before: Date): Promise<number> {
    const dir = path.join(this.dir, 'incoming');
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const stat = await fs.stat(path.join(dir, name)).catch(() => null);
      if (stat && stat.mtime < before) {
        await fs.rm(path.join(dir, name), { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async removeIfOlder(key: string, before: Date): Promise<boolean> {
    const file = this.file(key);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat || stat.mtime >= before) return false;
    // An upload of the same file may be renamed into place at any moment: move the bytes aside first, and put them
    // back if what was moved turns out to be that new copy (the same bytes, so putting them back is always right).
    const aside = `${file}.pruned-${crypto.randomUUID()}`;
    if (
      !(await fs.rename(file, aside).then(
        () => true,
        () => false,
      ))
    )
      return false;
    const moved = await fs.stat(aside);
    if (moved.mtime >= before) {
      await fs.rename(aside, file);
      return false;
    }
    await fs.rm(aside, { force: true });
    return true;
  }
}

/** The store configured for this subgraph (ATTACHMENTS_DIR). */
export function attachmentStore(ctx: { services: { config: { attachmentsDir: string } } }): AttachmentStore {
  return new LocalDiskStore(ctx.services.config.attachmentsDir);
}

export { MAX_ATTACHMENT_BYTES };

/** Where the gateway serves an attachment's bytes (gateway/attachment-files.ts). */
export const attachmentPath = (id: string): string => `/attachments/${id}`;

/** What `addAttachment` is given: the file inline (small ones) or the id of an upload (subgraphs/content/files.ts). */
export interface AttachmentInput {
  fileName: string;
  mediaType: string;
  contentBase64?: string | null;
  uploadId?: string | null;
}

/** The largest file sent inline as base64: a GraphQL request stays under the 1 MB every request is held to. */
export const MAX_INLINE_ATTACHMENT_BYTES = 700 * 1024;

export async function addAttachment(
  db: DataSource,
  store: AttachmentStore,
  workers: ContentWorkers,
  asker: Asker,
  caller: Caller,
  documentId: string,
  input: AttachmentInput,
): Promise<Attachment> {
  const document = await db.getRepository(Document).findOneBy({ id: documentId });
  if (!document || !mayRead(caller, document)) throw notFound(`No document with id ${documentId}.`);
  assertEditable(document.status);
  const fileName = validFileName(input.fileName);
  if (!isAcceptedType(input.mediaType)) throw badInput(refusalOf(input.mediaType), 'mediaType');
  const hasInline = typeof input.contentBase64 === 'string';
  const hasUpload = typeof input.uploadId === 'string';
  if (hasInline === hasUpload)
    throw badInput(
      'Give the file either as "contentBase64" (up to 700 KB) or as the "uploadId" that POST /uploads returned, not both.',
      hasInline ? 'uploadId' : 'contentBase64',
    );
  const row = (file: { size: number; sha256: string }) =>
    db.getRepository(Attachment).create({
      id: crypto.randomUUID(),
      documentId,
      fileName,
      mediaType: input.mediaType,
      size: file.size,
      sha256: file.sha256,
      storageKey: file.sha256,
      addedByAccountId: caller.accountId,
      createdAt: new Date(),
    });
  const record = (make: (tx: EntityManager) => Promise<Attachment>) =>
    inTransaction(db, async (tx) => {
      const attachment = await make(tx);
      await tx.getRepository(Attachment).insert(attachment);
      // A published document's public copies list its attachments.
      if (document.status === 'PUBLISHED') await enqueueChange(tx, changed('Document', documentId, false));
      return attachment;
    });

  if (hasUpload) {
    await assertMayPublish(asker, caller, { unitId: document.responsibleUnitId, channelId: document.channelId });
    // Taken in the attachment's transaction: a refused or failed attach leaves the upload waiting.
    return record(async (tx) => {
      const upload = await takeUpload(tx, caller, input.uploadId!);
      assertContentIs(input.mediaType, upload.detectedMediaType, 'uploadId');
      return row(upload);
    });
  }

  const contentBase64 = input.contentBase64!;
  if (contentBase64.length > Math.ceil(MAX_INLINE_ATTACHMENT_BYTES / 3) * 4)
    throw badInput(
      'A file over 700 KB goes to POST /uploads first (its bytes as the body), then here as "uploadId".',
      'contentBase64',
    );
  // Issue 12: decoding, identifying and hashing a file is done off the event loop.
  const file = await workers.run('decodeFile', [contentBase64], { onLoop: small(contentBase64.length) });
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  if (bytes.length === 0) throw badInput('The file is empty.', 'contentBase64');
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    throw badInput(`The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`, 'contentBase64');
  await assertMayPublish(asker, caller, { unitId: document.responsibleUnitId, channelId: document.channelId });
  assertContentIs(input.mediaType, file.detected, 'contentBase64');
  await store.put(file.sha256, bytes); // before the row: a row never points at missing bytes
  return record(async () => row({ size: bytes.length, sha256: file.sha256 }));
}

/** A file name as given, without a path; refused when a person could be misled by it. */
function validFileName(given: string): string {
  const fileName = path.basename(given.trim());
  if (!fileName || fileName.length > 255) throw badInput('"fileName" must be 1-255 characters.', 'fileName');
  // No path separators, control characters or direction overrides (U+202E makes "gpj.exe" read as "exe.jpg").
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\\/\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(fileName)) {
    throw badInput('"fileName" may not contain \\ or /, control characters or text-direction marks.', 'fileName');
  }
  return fileName;
}

/** Issue 12: the declared type is a claim; the bytes must be that type (an HTML page named .pdf is refused). */
function assertContentIs(declared: string, detected: string | null, field: 'contentBase64' | 'uploadId'): void {
  if (matches(declared, detected)) return;
  const what = detected ? `its bytes are ${detected}` : 'its bytes are not a format the platform recognises';
  const file = field === 'uploadId' ? 'The uploaded file' : '"contentBase64"';
  throw new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `${file} is not the ${declared} that "mediaType" declares: ${what}.`,
    {
      field,
      declared,
      detected,
    },
  );
}
