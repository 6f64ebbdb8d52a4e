/**
 * Issue 14: a browser that opens /graphql gets the GraphQL IDE (gateway/graphql-ide.ts), and the IDE's files under
 * /graphql/ide/. Only a plain navigation is the IDE's: GET or HEAD, no `query` or `extensions` in the URL, and an
 * Accept header that names text/html ahead of JSON (a browser's does; curl's, any type, does not). Everything else
 * goes on to GraphQL unchanged, CSRF prevention included. Not in the pipeline at all when GRAPHQL_IDE is off.
 */
import { IDE_FILES, type GraphqlIde } from '../graphql-ide';
import { header, refusal, type Exchange, type Stage } from '../pipeline';

/** The quality a client gives `type` in its Accept header, if it names it (wildcards do not count for HTML). */
function quality(accept: string, type: string): number | undefined {
  for (const part of accept.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name.trim() !== type) continue;
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)).find(Boolean);
    return q ? Number(q[1]) : 1;
  }
  return undefined;
}

/** A browser's navigation to the API's address, as Apollo Server's landing page would have taken it. */
export function wantsIde(exchange: Exchange): boolean {
  if (exchange.method !== 'GET' && exchange.method !== 'HEAD') return false;
  if (exchange.url.searchParams.has('query') || exchange.url.searchParams.has('extensions')) return false;
  const accept = header(exchange, 'accept');
  if (!accept) return false;
  const html = quality(accept, 'text/html') ?? 0;
  const json = Math.max(
    quality(accept, 'application/json') ?? 0,
    quality(accept, 'application/graphql-response+json') ?? 0,
  );
  return html > json;
}

export function graphqlIde(ide: GraphqlIde): Stage {
  return async (exchange, next) => {
    const { pathname } = exchange.url;
    if (pathname.startsWith(IDE_FILES)) {
      if (exchange.method !== 'GET' && exchange.method !== 'HEAD') {
        return refusal(405, 'METHOD_NOT_ALLOWED', "The GraphQL IDE's files are read with GET.", { allow: 'GET, HEAD' });
      }
      return ide.file(pathname.slice(IDE_FILES.length));
    }
    if (wantsIde(exchange)) return ide.page();
    return next();
  };
}
