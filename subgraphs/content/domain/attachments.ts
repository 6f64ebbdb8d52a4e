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
import { badInput, notFound } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { changed, enqueueChange } from '../../common/changes';
import { Attachment } from '../entities/attachment';
import { Document } from '../entities/document';
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

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MEDIA_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/svg+xml',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

export async function addAttachment(
  db: DataSource,
  store: AttachmentStore,
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
  if (/[\\/\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(fileName)) {
    throw badInput('"fileName" may not contain \\ or /, control characters or text-direction marks.', 'fileName');
  }
  if (!MEDIA_TYPES.has(input.mediaType)) throw badInput(`Files of type "${input.mediaType}" are not accepted; use PDF, an image, an office document, text or CSV.`, 'mediaType');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64)) throw badInput('"contentBase64" is not base64.', 'contentBase64');
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0) throw badInput('The file is empty.', 'contentBase64');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw badInput(`The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`, 'contentBase64');
  await assertMayPublish(asker, caller, { unitId: document.responsibleUnitId, channelId: document.channelId });

  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
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
