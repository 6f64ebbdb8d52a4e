/**
 * What a document may carry as an attachment, and how its bytes are checked (issue 12, untrusted content).
 * The declared media type is only a claim: the bytes are identified by their signature (magic bytes, with
 * the `file-type` detector) and must be what was declared. Nothing a browser would run is accepted:
 * HTML, SVG (it carries scripts), XML, JavaScript — whatever name or type the upload claims.
 */
import fs from 'node:fs';
import { fromBuffer, fromFile } from 'file-type';
import { MAX_FILE_BYTES } from '../../../platform/request-body';

/** How an accepted type is recognised in the bytes. */
type Recognition =
  /** A binary format with a signature: the detector must report this media type. */
  | { signature: string }
  /** Plain text (UTF-8, no markup a browser would render): no signature to find. */
  | { text: true };

/** The one list of accepted attachment types. */
export const ATTACHMENT_TYPES: Readonly<Record<string, Recognition>> = {
  'application/pdf': { signature: 'application/pdf' },
  'image/png': { signature: 'image/png' },
  'image/jpeg': { signature: 'image/jpeg' },
  'image/webp': { signature: 'image/webp' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    signature: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    signature: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  'application/vnd.oasis.opendocument.text': { signature: 'application/vnd.oasis.opendocument.text' },
  'application/vnd.oasis.opendocument.spreadsheet': { signature: 'application/vnd.oasis.opendocument.spreadsheet' },
  'text/plain': { text: true },
  'text/csv': { text: true },
};

/** The largest file a document may carry. */
export const MAX_ATTACHMENT_BYTES = MAX_FILE_BYTES;

/** What an attachment row from before the check says it is, when that type is no longer accepted. */
export const UNVERIFIED_MEDIA_TYPE = 'application/octet-stream';

export const isAcceptedType = (mediaType: string): boolean => Object.hasOwn(ATTACHMENT_TYPES, mediaType);

/** Why a type is refused, in words for the person uploading. */
export function refusalOf(mediaType: string): string {
  if (/svg/i.test(mediaType))
    return 'SVG images are not accepted: they can carry scripts. Use PNG, JPEG or PDF instead.';
  return `Files of type "${mediaType}" are not accepted; use PDF, an image (PNG, JPEG, WebP), an office document, text or CSV.`;
}

/**
 * Markup a browser would render or run if it sniffed the bytes (WHATWG MIME sniffing: a document that starts
 * with a tag, a comment or an XML declaration), and script or SVG anywhere in it.
 */
const LEADING_MARKUP = /^(?:\s|\ufeff)*<(?:!doctype|!--|\?xml|[a-z][a-z0-9-]*(?:[\s/>]|$))/i;
const ACTIVE_ANYWHERE = /<(?:script|svg|iframe|object|embed)\b|javascript:/i;

/** What the bytes are, as far as the platform can tell: a media type, or null when not recognised. */
export async function detectMediaType(bytes: Buffer): Promise<string | null> {
  const found = await fromBuffer(bytes);
  // The detector reports any XML as XML; the text's own look tells SVG from other XML.
  if (found && found.mime !== 'application/xml') return found.mime;
  const text = asUtf8Text(bytes);
  if (text === null) return null;
  return textKind(text.slice(0, 4096), ACTIVE_ANYWHERE.test(text));
}

/**
 * The same for a file on disk (an upload, issue 12), read a piece at a time: the detector reads only the few
 * bytes it needs, and a text is checked as it is read, so a 10 MB file never sits in memory or blocks the loop.
 */
export async function detectMediaTypeOfFile(file: string): Promise<string | null> {
  const found = await fromFile(file);
  if (found && found.mime !== 'application/xml') return found.mime;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let head = '';
  let tail = '';
  let active = false;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (CONTROL_CHARACTERS.test(text)) return null;
      if (head.length < 4096) head += text.slice(0, 4096 - head.length);
      // The end of the piece before: a "<script" cut in two by the read is still found.
      active ||= ACTIVE_ANYWHERE.test(tail + text);
      tail = text.slice(-16);
    }
    decoder.decode();
  } catch {
    return null; // not UTF-8
  }
  return textKind(head, active);
}

/** What a text is, from its first 4,096 characters and whether script or SVG is anywhere in it. */
function textKind(head: string, active: boolean): string {
  if (/^(?:\s|\ufeff)*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype svg|<svg\b)/i.test(head))
    return 'image/svg+xml';
  if (/^(?:\s|\ufeff)*<\?xml/i.test(head)) return 'application/xml';
  if (LEADING_MARKUP.test(head) || active) return 'text/html';
  return 'text/plain';
}

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** The text of valid UTF-8 with no control characters but tab, line breaks and form feed; null otherwise. */
function asUtf8Text(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return CONTROL_CHARACTERS.test(text) ? null : text;
}

/** Do the detected bytes match the declared, accepted type? */
export function matches(declared: string, detected: string | null): boolean {
  const recognition = ATTACHMENT_TYPES[declared];
  if (!recognition || detected === null) return false;
  return 'signature' in recognition ? detected === recognition.signature : detected === 'text/plain';
}
