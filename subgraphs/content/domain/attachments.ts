/**
 * Attachments: the metadata and SHA-256 checksum are rows of the content database; the bytes
 * live in an attachment store behind an interface (local disk here; an object store can take
 * its place). Files are stored under their checksum, so the same file is kept once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
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
import { assertEditable } from './workflow';

export interface AttachmentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
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
}

/** The store configured for this subgraph (ATTACHMENTS_DIR). */
export function attachmentStore(ctx: { services: { config: { attachmentsDir: string } } }): AttachmentStore {
  return new LocalDiskStore(ctx.services.config.attachmentsDir);
}

export { MAX_ATTACHMENT_BYTES };

export async function addAttachment(
  db: DataSource,
  store: AttachmentStore,
  workers: ContentWorkers,
  asker: Asker,
  caller: Caller,
  documentId: string,
  input: { fileName: string; mediaType: string; contentBase64: string },
): Promise<Attachment> {
  const document = await db.getRepository(Document).findOneBy({ id: documentId });
  if (!document || !mayRead(caller, document)) throw notFound(`No document with id ${documentId}.`);
  assertEditable(document.status);
  const fileName = path.basename(input.fileName.trim());
  if (!fileName || fileName.length > 255) throw badInput('"fileName" must be 1-255 characters.', 'fileName');
  // No path separators, control characters or direction overrides (U+202E makes "gpj.exe" read as "exe.jpg").
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\\/\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(fileName)) {
    throw badInput('"fileName" may not contain \\ or /, control characters or text-direction marks.', 'fileName');
  }
  if (!isAcceptedType(input.mediaType)) throw badInput(refusalOf(input.mediaType), 'mediaType');
  // Issue 12: decoding, identifying and hashing a large file is done off the event loop.
  const file = await workers.run('decodeFile', [input.contentBase64], { onLoop: small(input.contentBase64.length) });
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  if (bytes.length === 0) throw badInput('The file is empty.', 'contentBase64');
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    throw badInput(`The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`, 'contentBase64');
  await assertMayPublish(asker, caller, { unitId: document.responsibleUnitId, channelId: document.channelId });
  assertContentIs(input.mediaType, file.detected);

  const sha256 = file.sha256;
  await store.put(sha256, bytes); // before the row: a row never points at missing bytes
  const attachment = db.getRepository(Attachment).create({
    id: crypto.randomUUID(),
    documentId,
    fileName,
    mediaType: input.mediaType,
    size: bytes.length,
    sha256,
    storageKey: sha256,
    addedByAccountId: caller.accountId,
    createdAt: new Date(),
  });
  await inTransaction(db, async (tx) => {
    await tx.getRepository(Attachment).insert(attachment);
    // A published document's public copies list its attachments.
    if (document.status === 'PUBLISHED') await enqueueChange(tx, changed('Document', documentId, false));
  });
  return attachment;
}

/** Issue 12: the declared type is a claim; the bytes must be that type (an HTML page named .pdf is refused). */
function assertContentIs(declared: string, detected: string | null): void {
  if (matches(declared, detected)) return;
  const what = detected ? `its bytes are ${detected}` : 'its bytes are not a format the platform recognises';
  throw new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `"contentBase64" is not the ${declared} that "mediaType" declares: ${what}.`,
    {
      field: 'contentBase64',
      declared,
      detected,
    },
  );
}
