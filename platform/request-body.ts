/** Reads a request's body, up to a size: the gateway and the subgraphs refuse a larger one with 413. */
import type { IncomingMessage } from 'node:http';

/** A size as messages say it: "1 MB", "15 MB", "5.2 MB", and "0.002 MB" for what is under a megabyte. */
export const megabytes = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 3 : 1))} MB`;

/** The body as text, or `null` when it is larger than `maxBytes` (reading stops there). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
