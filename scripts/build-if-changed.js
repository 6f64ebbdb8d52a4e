/**
 * Builds dist/ only when the sources changed since the last build, so that `npm start`, `npm run token` and the
 * other scripts start at once on an unchanged checkout. The fingerprint is a SHA-256 of the path and content of
 * every file the build reads; when it differs from dist/.build-fingerprint, this runs `npm run build` (the full
 * clean build: it deletes dist/ first, so no module of a deleted source lingers) and records the new fingerprint.
 * Otherwise it prints nothing. Plain JavaScript, because it runs before anything is built.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// ide/: the GraphQL IDE's browser sources, bundled by scripts/build-ide.js (issue 14).
const SOURCE_FOLDERS = ['platform', 'gateway', 'subgraphs', 'scripts', 'bench', 'ide'];
const SOURCE_FILE = /\.(ts|tsx|js|css|graphql|json)$/;
const ROOT_FILE = /^(tsconfig.*\.json|package-lock\.json)$/;
const FINGERPRINT_FILE = path.join(ROOT, 'dist', '.build-fingerprint');

/** Files under `folder` (relative to the project root) the build reads, in a stable order. */
function sourceFiles(folder) {
  const absolute = path.join(ROOT, folder);
  if (!fs.existsSync(absolute)) return [];
  const files = [];
  for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(relative));
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(relative);
  }
  return files;
}

function fingerprint() {
  const rootFiles = fs.readdirSync(ROOT).filter((name) => ROOT_FILE.test(name));
  const files = [...rootFiles, ...SOURCE_FOLDERS.flatMap(sourceFiles)].sort();
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function recorded() {
  try {
    return fs.readFileSync(FINGERPRINT_FILE, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function record(current) {
  const temporary = `${FINGERPRINT_FILE}.${process.pid}`;
  fs.writeFileSync(temporary, `${current}\n`);
  fs.renameSync(temporary, FINGERPRINT_FILE);
}

function main() {
  const current = fingerprint();
  // `npm run build` ends with --record: what it just built is up to date.
  if (process.argv.includes('--record')) return record(current);
  if (recorded() === current) return;
  console.error('Sources changed since the last build: building dist/ ...');
  const build = spawnSync('npm', ['run', '-s', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Written only after a successful build; written as the sources were before it, so an edit made meanwhile
  // still differs next time.
  record(current);
}

main();
