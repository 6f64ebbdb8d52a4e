/**
 * Issue 14: the GraphQL IDE, served by the gateway itself. GraphiQL (with the explorer plugin, React and Monaco's
 * workers) is bundled at build time into dist-ide/ by scripts/build-ide.js; the page is made here, with the README's
 * example operations (docs/examples/*.graphql) as its first tabs. Nothing on the page comes from another origin:
 * its Content-Security-Policy allows only 'self' for scripts, workers, connections and fonts ('unsafe-inline' for
 * styles, which Monaco adds at run time; no 'unsafe-eval'). The stage that answers with it is
 * gateway/stages/graphql-ide.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Answer } from './pipeline';

/** Where the IDE's files are served: under /graphql, so whatever routes the API to the gateway routes them too. */
export const IDE_FILES = '/graphql/ide/';

export const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  // Monaco writes <style> elements for its themes and decorations at run time; the stylesheet itself is 'self'.
  "style-src 'self' 'unsafe-inline'",
  // GraphiQL's icon font and a few images are data: URLs inside its stylesheet.
  "font-src 'self' data:",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': IDE_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** An example operation: the file's name without its order prefix and extension, and its text. */
export interface Example {
  name: string;
  query: string;
}

/** What scripts/build-ide.js writes to dist-ide/manifest.json. */
interface Manifest {
  script: string;
  style: string;
  workers: { editor: string; json: string; graphql: string };
  files: string[];
}

export interface GraphqlIde {
  /** The page, or 503 with what to run when the bundle was not built. */
  page(): Answer;
  /** One of the bundle's files by name; 404 for any other name. */
  file(name: string): Answer;
}

/** The example operations in file-name order (`01-…`, `02-…`): the README shows the same files. */
export function readExamples(folder: string): Example[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => ({
      name: name.replace(/^\d+-/, '').replace(/\.graphql$/, ''),
      query: fs.readFileSync(path.join(folder, name), 'utf8'),
    }));
}

function readManifest(bundle: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** JSON that is safe inside a <script> element: no "</script>", no "<!--". */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function pageHtml(manifest: Manifest, examples: Example[]): string {
  const config = {
    endpoint: '/graphql',
    workers: {
      editor: IDE_FILES + manifest.workers.editor,
      json: IDE_FILES + manifest.workers.json,
      graphql: IDE_FILES + manifest.workers.graphql,
    },
    examples,
  };
  return `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MPI „Magiczny Kraków” – GraphQL IDE</title>
<link rel="stylesheet" href="${IDE_FILES}${manifest.style}">
<script src="${IDE_FILES}${manifest.script}" defer></script>
</head>
<body>
<div id="mpi-ide"></div>
<script type="application/json" id="mpi-ide-config">${scriptJson(config)}</script>
</body>
</html>
`;
}

const answer = (
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  encodings?: Map<string, Buffer>,
): Answer => ({
  status,
  headers: { ...SECURITY_HEADERS, ...headers },
  body,
  encodings,
});

const text = (status: number, message: string) =>
  answer(
    status,
    { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    Buffer.from(`${message}\n`),
  );

/**
 * Reads the bundle and the examples once, at start. `bundle` is dist-ide/, `examples` docs/examples; a missing
 * bundle is reported by `missing` (the gateway logs it) and answered with a 503 that says what to run.
 */
export function loadGraphqlIde(bundle: string, examplesFolder: string): GraphqlIde & { missing?: string } {
  const manifest = readManifest(bundle);
  if (!manifest) {
    const missing =
      `The GraphQL IDE is not built (no ${path.join(bundle, 'manifest.json')}): ` +
      'run npm run build, or node scripts/build-ide.js.';
    return { missing, page: () => text(503, missing), file: () => text(404, 'Not found.') };
  }
  const page = Buffer.from(pageHtml(manifest, readExamples(examplesFolder)));
  const files = new Map<string, { body: Buffer; type: string; encodings: Map<string, Buffer> }>();
  for (const name of manifest.files) {
    const type = CONTENT_TYPES[path.extname(name)];
    // Compressed once per file, by the compression stage, into `encodings`.
    if (type) files.set(name, { body: fs.readFileSync(path.join(bundle, name)), type, encodings: new Map() });
  }
  return {
    page: () =>
      answer(
        200,
        {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          vary: 'Accept',
          'x-frame-options': 'DENY',
        },
        page,
      ),
    file(name) {
      const file = files.get(name);
      if (!file) return text(404, `Not found: no file ${JSON.stringify(name)} in the GraphQL IDE.`);
      // Content-hashed names: a new build has new names, so a browser may keep these for good.
      return answer(
        200,
        { 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable' },
        file.body,
        file.encodings,
      );
    },
  };
}
