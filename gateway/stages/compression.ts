/**
 * Compression: answers over 1 KB leave as Brotli or gzip, whichever the client accepts (Brotli
 * first). Compression runs on libuv's thread pool, not the event loop. A cached answer keeps its
 * compressed forms, so each is made once.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { header, vary, type Stage } from '../pipeline';

const MIN_BYTES = 1024;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
// Quality 4 is a fraction of the CPU of the default 11 for JSON of this size, at a similar ratio.
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/** The encoding to use for an Accept-Encoding header: `br`, `gzip` or none. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

export function compression(): Stage {
  return async (exchange, next) => {
    const answer = await next();
    if (answer.body.length < MIN_BYTES || answer.headers['content-encoding']) return answer;
    vary(answer, 'Accept-Encoding');
    const encoding = chooseEncoding(header(exchange, 'accept-encoding'));
    if (!encoding) return answer;
    let compressed = answer.encodings?.get(encoding);
    if (!compressed) {
      compressed = encoding === 'br' ? await brotli(answer.body, BROTLI_OPTIONS) : await gzip(answer.body);
      answer.encodings?.set(encoding, compressed);
    }
    return {
      ...answer,
      headers: { ...answer.headers, 'content-encoding': encoding },
      body: compressed,
      encodings: undefined,
    };
  };
}
