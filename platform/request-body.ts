/** Reads a request's body, up to a size: the gateway and the subgraphs refuse a larger one with 413. */
import type { IncomingMessage } from 'node:http';

/** A size as messages say it: "1 MB", "15 MB", "5.2 MB", and "0.002 MB" for what is under a megabyte. */
export const megabytes = (bytes: number) =>
  `${Number((bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 3 : 1))} MB`;

/** The largest file the platform takes (an attachment): the gateway's /uploads and the content store hold to it. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * The body as text, or `null` when it is larger than `maxBytes` (reading stops there). Each chunk is decoded as it
 * arrives and handed to `onChunk` (a signature check hashes it), so a body of many megabytes is never copied or
 * decoded in one block of the event loop.
 */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number,
  onChunk?: (chunk: Buffer) => void,
): Promise<string | null> {
  let size = 0;
  // ignoreBOM: a leading byte-order mark stays in the text, as Buffer#toString leaves it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const pieces: string[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    onChunk?.(chunk as Buffer);
    pieces.push(decoder.decode(chunk as Buffer, { stream: true }));
  }
  pieces.push(decoder.decode());
  return pieces.join('');
}
