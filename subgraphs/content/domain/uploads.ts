/**
 * Files sent ahead of `addAttachment` (issue 12): `POST /uploads` on the gateway streams the bytes here
 * (subgraphs/content/files.ts), where they are written to the attachment store as they arrive, hashed, and
 * identified by their signature. What a document then carries is decided by `addAttachment(input: { uploadId })`,
 * with the same checks as a file sent inline. So no file travels inside GraphQL JSON, and no request of many
 * megabytes is parsed, copied or signed in one block of the event loop.
 *
 * An upload belongs to the account that sent it, is used once, and is forgotten after UPLOAD_LIFETIME_MS; bytes
 * nothing refers to any more are then removed from the store.
 */
import crypto from 'node:crypto';
import { In, LessThanOrEqual, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../../common/caller';
import type { SubgraphServices } from '../../common/context';
import { periodicJob } from '../../common/periodic';
import type { BackgroundJob } from '../../common/server';
import { DomainError, ErrorCode, notFound } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { Attachment } from '../entities/attachment';
import { Upload } from '../entities/upload';
import { detectMediaTypeOfFile } from './attachment-types';
import type { AttachmentStore, IncomingFile } from './attachments';

/** How long an upload waits for its `addAttachment`. */
export const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;
/** How many uploads one account may have waiting at once (each up to 10 MB). */
export const MAX_WAITING_UPLOADS = 20;
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/** A file fully received: where it is and what it is. */
export interface ReceivedFile {
  file: IncomingFile;
  size: number;
  sha256: string;
}

/** Files a received upload under its checksum and records it for the account that sent it. */
export async function recordUpload(
  db: DataSource,
  store: AttachmentStore,
  caller: Caller,
  received: ReceivedFile,
  now = new Date(),
): Promise<Upload> {
  const uploads = db.getRepository(Upload);
  const waiting = await uploads.countBy({ accountId: caller.accountId, expiresAt: MoreThan(now) });
  if (waiting >= MAX_WAITING_UPLOADS) {
    throw new DomainError(
      ErrorCode.RATE_LIMITED,
      `You have ${waiting} uploaded files not yet attached; attach them with addAttachment or wait until they expire ` +
        `(${UPLOAD_LIFETIME_MS / 60_000} minutes after upload).`,
    );
  }
  const detectedMediaType = await detectMediaTypeOfFile(received.file.path);
  await received.file.keep(received.sha256); // before the row: a row never points at missing bytes
  const upload = uploads.create({
    id: crypto.randomUUID(),
    accountId: caller.accountId,
    size: received.size,
    sha256: received.sha256,
    detectedMediaType,
    createdAt: now,
    expiresAt: new Date(now.getTime() + UPLOAD_LIFETIME_MS),
  });
  await uploads.insert(upload);
  return upload;
}

/** The caller's upload, taken for an attachment inside its transaction: it cannot be used twice. */
export async function takeUpload(tx: EntityManager, caller: Caller, uploadId: string): Promise<Upload> {
  const upload = await tx
    .getRepository(Upload)
    .findOneBy({ id: uploadId, accountId: caller.accountId, expiresAt: MoreThan(new Date()) });
  const taken = upload ? await tx.getRepository(Upload).delete({ id: upload.id }) : null;
  if (!upload || taken?.affected === 0) {
    throw notFound(
      `No upload ${uploadId} of yours is waiting: an upload is used once, by the account that sent it, ` +
        `within ${UPLOAD_LIFETIME_MS / 60_000} minutes. Send the file to /uploads again.`,
    );
  }
  return upload;
}

/**
 * Forgets expired uploads, and removes their bytes where no attachment or other upload has the same file; and files
 * left half-received by a process that stopped mid-upload.
 */
export async function pruneUploads(db: DataSource, store: AttachmentStore, now = new Date()): Promise<number> {
  await store.discardIncomingBefore(new Date(now.getTime() - UPLOAD_LIFETIME_MS));
  const expired = await db.getRepository(Upload).find({ where: { expiresAt: LessThanOrEqual(now) }, take: 500 });
  if (expired.length === 0) return 0;
  await db.getRepository(Upload).delete({ id: In(expired.map((upload) => upload.id)) });
  const checksums = [...new Set(expired.map((upload) => upload.sha256))];
  const attached = await db
    .getRepository(Attachment)
    .find({ where: { sha256: In(checksums) }, select: { sha256: true } });
  const waiting = await db.getRepository(Upload).find({ where: { sha256: In(checksums) }, select: { sha256: true } });
  const kept = new Set([...attached, ...waiting].map((row) => row.sha256));
  // Bytes written within the lifetime may belong to an upload being recorded right now: they stay until next time.
  const before = new Date(now.getTime() - UPLOAD_LIFETIME_MS);
  for (const sha256 of checksums) if (!kept.has(sha256)) await store.removeIfOlder(sha256, before);
  return expired.length;
}

export function uploadsPruner(services: SubgraphServices, store: AttachmentStore, log: Logger): BackgroundJob {
  return periodicJob(PRUNE_INTERVAL_MS, () => pruneUploads(services.db, store), log, 'pruning expired uploads');
}
