/**
 * Issue 12: the content subgraph's CPU-heavy steps, as plain functions a worker thread runs
 * (common/worker-pool.ts). Measured on this machine, each blocks the event loop for tens to
 * hundreds of ms on the largest input accepted: comparing two 4,000-line revisions (~200 ms, the
 * diff's own time cap), sanitising a 500,000-character body (~50-100 ms), decoding and identifying an
 * uploaded file. The Polish base forms of a body's words for the search index (~400-900 ms) stay on the main
 * thread, a slice per turn of the loop (search/index.ts searchableTextInSlices): Hunspell is not thread-safe.
 * Small inputs stay on the event loop: they take well under a millisecond, less than the trip to a thread.
 */
import crypto from 'node:crypto';
import { badInput } from '../../../platform/errors';
import type { SubgraphServices } from '../../common/context';
import type { WorkerPool } from '../../common/worker-pool';
import { MAX_ATTACHMENT_BYTES, detectMediaType } from './attachment-types';
import { validContent, type ContentChanges } from './documents';
import { diffRevisions } from './revisions';

/** The size of input (characters) from which a step goes to a worker thread: ~1-5 ms of work on the loop. */
export const OFF_LOOP_FROM_CHARACTERS = 4_000;

/** An upload's bytes, what they are (attachment-types.ts) and their checksum; not identified when empty or too large. */
export interface DecodedFile {
  bytes: Uint8Array;
  detected: string | null;
  sha256: string;
}

export async function decodeFile(contentBase64: string): Promise<DecodedFile> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64)) throw badInput('"contentBase64" is not base64.', 'contentBase64');
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES) return { bytes, detected: null, sha256: '' };
  return {
    bytes,
    detected: await detectMediaType(bytes),
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
  };
}

/** What the content subgraph's worker threads can do (subgraphs/content/worker.ts serves it). */
export const HEAVY_WORK = {
  compareRevisions: diffRevisions,
  checkContent: (input: Required<ContentChanges>) => validContent(input),
  decodeFile,
};
export type ContentWorkers = WorkerPool<typeof HEAVY_WORK>;

/** The content subgraph's pool (started with it, from SubgraphModule.worker). */
export function contentWorkers(services: SubgraphServices): ContentWorkers {
  if (!services.workers) throw new Error('The content subgraph was started without its worker pool.');
  return services.workers as unknown as ContentWorkers;
}

/** Whether an input is small enough to handle on the event loop. */
export const small = (characters: number) => characters < OFF_LOOP_FROM_CHARACTERS;
