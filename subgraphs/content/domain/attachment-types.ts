/**
 * What a document may carry as an attachment, and how its bytes are checked (issue 12, untrusted content).
 * The declared media type is only a claim: the bytes are identified by their signature (magic bytes, with
 * the `file-type` detector) and must be what was declared. Nothing a browser would run is accepted:
 * HTML, SVG (it carries scripts), XML, JavaScript — whatever name or type the upload claims.
 */
import { fromBuffer } from 'file-type';

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
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

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
  const head = text.slice(0, 4096);
  if (/^(?:\s|\ufeff)*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype svg|<svg\b)/i.test(head))
    return 'image/svg+xml';
  if (/^(?:\s|\ufeff)*<\?xml/i.test(head)) return 'application/xml';
  if (LEADING_MARKUP.test(head) || ACTIVE_ANYWHERE.test(text)) return 'text/html';
  return 'text/plain';
}

/** The text of valid UTF-8 with no control characters but tab, line breaks and form feed; null otherwise. */
function asUtf8Text(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Do the detected bytes match the declared, accepted type? */
export function matches(declared: string, detected: string | null): boolean {
  const recognition = ATTACHMENT_TYPES[declared];
  if (!recognition || detected === null) return false;
  return 'signature' in recognition ? detected === recognition.signature : detected === 'text/plain';
}
