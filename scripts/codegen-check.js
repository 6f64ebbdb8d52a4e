/**
 * npm run codegen:check: fails when the committed generated types (subgraphs/<name>/generated/) differ from what
 * npm run codegen makes of today's SDL and peer operations. Generates into a temporary folder (codegen.ts reads
 * CODEGEN_OUT), compares file by file, and ends with one line saying what to do. Plain JavaScript: it needs no build.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SUBGRAPHS = path.join(ROOT, 'subgraphs');

/** The generated files under `root`, as paths relative to it. */
function generatedFiles(root) {
  const base = path.join(root, 'subgraphs');
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base)
    .filter((name) => fs.existsSync(path.join(base, name, 'generated')))
    .flatMap((name) =>
      fs
        .readdirSync(path.join(base, name, 'generated'))
        .map((file) => path.posix.join('subgraphs', name, 'generated', file)),
    )
    .sort();
}

const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-codegen-'));
try {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'graphql-codegen');
  const run = spawnSync(bin, ['--config', 'codegen.ts'], {
    cwd: ROOT,
    env: { ...process.env, CODEGEN_OUT: fresh },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error('codegen:check: graphql-codegen failed (see above): the SDL or a peer operation does not validate.');
    process.exit(1);
  }
  const expected = generatedFiles(fresh);
  const committed = generatedFiles(ROOT);
  const stale = [...new Set([...expected, ...committed])].filter((file) => {
    const a = path.join(fresh, file);
    const b = path.join(ROOT, file);
    return !fs.existsSync(a) || !fs.existsSync(b) || fs.readFileSync(a, 'utf8') !== fs.readFileSync(b, 'utf8');
  });
  if (stale.length > 0) {
    console.error(
      `codegen:check: generated types are stale (${stale.join(', ')}): run npm run codegen and commit them.`,
    );
    process.exit(1);
  }
  console.log(
    `codegen:check: ${expected.length} generated files match ${path.relative(ROOT, SUBGRAPHS)}/*/schema.graphql and peer-operations.graphql.`,
  );
} finally {
  fs.rmSync(fresh, { recursive: true, force: true });
}
