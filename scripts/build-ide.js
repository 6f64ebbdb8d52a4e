/**
 * Builds the GraphQL IDE (issue 14): GraphiQL, React and the explorer plugin from ide/graphiql.tsx bundled by
 * esbuild into one script and one stylesheet, plus Monaco's three web workers, under dist-ide/ with content-hashed
 * names; dist-ide/manifest.json names them and records a fingerprint of what they were built from. The gateway
 * serves exactly the files the manifest names (gateway/graphql-ide.ts). Not under dist/, which `npm run build`
 * deletes first: a gateway starting meanwhile (a test beside `npm start`'s build) still finds the bundle; a new one
 * is built beside the old and put in its place in one rename.
 *
 *   node scripts/build-ide.js               build
 *   node scripts/build-ide.js --if-changed  build only if the manifest is missing or its fingerprint differs
 *                                           (the test suite's global setup: a fresh clone builds it once)
 * Plain JavaScript, because it runs before anything is built.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist-ide');
const MANIFEST = path.join(OUT, 'manifest.json');
const WORKERS = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

/** What the bundle is made of: its sources, this script, and the exact versions in the lockfile. */
function fingerprint() {
  const hash = crypto.createHash('sha256');
  const files = [
    ...fs
      .readdirSync(path.join(ROOT, 'ide'))
      .sort()
      .map((name) => path.join('ide', name)),
    path.join('scripts', 'build-ide.js'),
    'package-lock.json',
  ];
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(ROOT, file)))
      .update('\0');
  return hash.digest('hex');
}

function recorded() {
  try {
    return JSON.parse(fs.readFileSync(MANIFEST, 'utf8')).fingerprint;
  } catch {
    return undefined;
  }
}

async function build(current) {
  const esbuild = require('esbuild');
  const out = `${OUT}.${process.pid}`;
  fs.rmSync(out, { recursive: true, force: true });
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    outdir: out,
    metafile: true,
    logLevel: 'warning',
    target: ['chrome120', 'firefox120', 'safari17'],
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const page = await esbuild.build({
    ...common,
    entryPoints: { graphiql: 'ide/graphiql.tsx' },
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    format: 'iife',
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  });
  const workers = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(WORKERS).map(([label, entry]) => [`${label}.worker`, entry])),
    entryNames: '[name]-[hash]',
    format: 'iife',
  });
  const outputs = (result) => Object.entries(result.metafile.outputs);
  const named = (result, test) => path.basename(outputs(result).find(([file, output]) => test(file, output))[0]);
  const manifest = {
    fingerprint: current,
    script: named(page, (file) => file.endsWith('.js')),
    style: named(page, (file) => file.endsWith('.css')),
    workers: Object.fromEntries(
      Object.keys(WORKERS).map((label) => [
        label,
        named(workers, (file) => path.basename(file).startsWith(`${label}.worker-`)),
      ]),
    ),
    files: [...outputs(page), ...outputs(workers)]
      .map(([file]) => path.basename(file))
      .filter((name) => !name.endsWith('.map')),
  };
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const old = `${OUT}.old.${process.pid}`;
  if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
  fs.renameSync(out, OUT);
  fs.rmSync(old, { recursive: true, force: true });
  return manifest;
}

/** `ifChanged`: leave a bundle built from the same sources as it is. */
async function main(ifChanged = process.argv.includes('--if-changed')) {
  const current = fingerprint();
  if (ifChanged && recorded() === current) return;
  const started = Date.now();
  const manifest = await build(current);
  const bytes = manifest.files.reduce((sum, name) => sum + fs.statSync(path.join(OUT, name)).size, 0);
  console.error(
    `GraphQL IDE built in dist-ide/: ${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms`,
  );
}

module.exports = { main };
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
