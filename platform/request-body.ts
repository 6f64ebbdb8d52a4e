/** Reads a request's body, up to a size: the gateway and the subgraphs refuse a larger one with 413. */
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The body as text, or `null` when it is larger than `maxBytes` (reading stops there). */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
