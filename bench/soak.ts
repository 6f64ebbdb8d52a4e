/**
 * `npm run bench:soak` (issue 12, "A 10-minute soak at a steady rate"): the platform as `npm start` runs it
 * (node dist/scripts/start.js, fresh SQLite DATA_DIR or DATABASE_URL as given, free ports) under a steady,
 * open-loop rate of mixed requests: public reads (feed, channel page, search, channels) and, every
 * SOAK_WRITE_EVERY-th request, an editor entering and publishing a document. Prints the RSS of the platform's
 * processes (gateway and subgraphs, the whole process group) after the warm-up and at the end, each minute
 * between, and every error. Run by hand; the result goes to bench/RESULTS.md. Not in CI.
 *
 * Run:  npm run bench:soak
 *       SOAK_MINUTES=10  SOAK_RATE=50 (requests/s)  SOAK_WRITE_EVERY=25  SOAK_WARMUP_SECONDS=30
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueLocalToken } from '../platform/auth';
import { loadConfig, SUBGRAPH_NAMES } from '../platform/config';
import { sampleId } from '../subgraphs/common/sample';
import { projectRoot } from '../platform/schema-file';
import { freePorts, startNode, stopAll, waitUntilReady } from './processes';

const ROOT = projectRoot();
const EDITOR = 'tomasz.zielinski';
const MAX_IN_FLIGHT = 200;

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`${name}="${raw}" must be a number from ${min} to ${max}`);
  return value;
}

const READS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'feed', query: '{ documents(first: 20) { nodes { title responsibleUnit { name } channel { name } } } }' },
  {
    name: 'channel page',
    query: '{ channelBySlug(slug: "portal") { name owner { name } documents(first: 10) { nodes { title } } } }',
  },
  {
    name: 'search',
    query: 'query($q: String!) { search(query: $q, first: 10) { nodes { id title } } }',
    variables: { q: 'kraków' },
  },
  { name: 'channels', query: '{ channels(first: 50) { nodes { slug name kind status } } }' },
  {
    name: 'culture feed',
    query: 'query($c: ID) { documents(channelId: $c, first: 10) { nodes { title publishedAt } } }',
    variables: { c: sampleId('channel:kultura-web') },
  },
];
const CREATE = 'mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }';
const PUBLISH = 'mutation($id: ID!) { publishDocument(id: $id) { id status } }';

/** Kilobytes resident of every process in the group `pgid` (the platform and its subgraph worker). */
function groupRssKb(pgid: number): number {
  const out = execFileSync('ps', ['-o', 'rss=', '-g', String(pgid)], { encoding: 'utf8' });
  return out.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0);
}

async function main(): Promise<void> {
  const minutes = setting('SOAK_MINUTES', 10, 0.1, 24 * 60);
  const rate = setting('SOAK_RATE', 50, 1, 5000);
  const writeEvery = setting('SOAK_WRITE_EVERY', 25, 2, 1_000_000);
  const warmupSeconds = setting('SOAK_WARMUP_SECONDS', 30, 0, 3600);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-soak-'));
  const ports = await freePorts(5, '127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(ports[0]),
    LOG_LEVEL: 'warn',
    METRICS_PORT: '0',
  };
  for (const name of ['SAMPLE_DATA', ...SUBGRAPH_NAMES.map((s) => `${s.toUpperCase()}_URL`)]) delete env[name];
  if (env.DATABASE_URL) env.SAMPLE_DATA = 'true';
  SUBGRAPH_NAMES.forEach((name, i) => (env[`${name.toUpperCase()}_PORT`] = String(ports[i + 1])));
  // One machine sends everything from one address: limits high enough never to refuse, so the limit stage still runs.
  env.RATE_LIMIT_ANONYMOUS_PER_MINUTE ??= '10000000';
  env.RATE_LIMIT_ACCOUNT_PER_MINUTE ??= '10000000';
  const url = `http://127.0.0.1:${ports[0]}/graphql`;

  const platform = startNode('npm start', path.join(ROOT, 'dist', 'scripts', 'start.js'), env, ROOT);
  const post = (query: string, variables: Record<string, unknown> = {}, authorization?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
  await waitUntilReady(
    platform,
    'answered the feed',
    async () => ((await post(READS[0].query)).ok ? true : 'not yet'),
    180_000,
  );
  const token = `Bearer ${await issueLocalToken(loadConfig(env), EDITOR, Math.ceil(minutes * 60 + warmupSeconds + 600))}`;

  const errors = new Map<string, number>();
  const counts = { requests: 0, reads: 0, writes: 0, published: 0, late: 0 };
  const latencies: number[] = [];
  const failed = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);
  const check = async (name: string, answer: Promise<Response>): Promise<Record<string, any> | undefined> => {
    try {
      const response = await answer;
      const body = (await response.json().catch(() => ({}))) as {
        data?: Record<string, any>;
        errors?: { extensions?: { code?: string } }[];
      };
      if (response.status !== 200) failed(`${name}: HTTP ${response.status}`);
      for (const error of body.errors ?? []) failed(`${name}: ${error.extensions?.code ?? 'no code'}`);
      return response.status === 200 && !body.errors ? body.data : undefined;
    } catch (error) {
      failed(`${name}: ${String((error as Error).cause ?? (error as Error).message)}`);
      return undefined;
    }
  };
  let n = 0;
  const one = async (measured: boolean) => {
    const i = n++;
    const started = Date.now();
    if (i % writeEvery === writeEvery - 1) {
      counts.writes += 1;
      const input = {
        channelId: sampleId('channel:kultura-web'),
        responsibleUnitId: sampleId('unit:kultura'),
        title: `Soak ${i}: komunikat Wydziału Kultury`,
        body: '<p>Treść komunikatu z testu długotrwałego.</p>',
        kind: 'NEWS',
      };
      const created = await check('createDocument', post(CREATE, { input }, token));
      if (created) {
        const published = await check('publishDocument', post(PUBLISH, { id: created.createDocument.id }, token));
        if (published) counts.published += 1;
      }
    } else {
      counts.reads += 1;
      const read = READS[i % READS.length];
      await check(read.name, post(read.query, read.variables));
    }
    if (measured) latencies.push(Date.now() - started);
  };

  /** Sends at `rate` per second for `seconds`, open-loop (a slow answer does not slow the sending). */
  const drive = async (seconds: number, measured: boolean, tick?: (elapsed: number) => void) => {
    const inFlight = new Set<Promise<void>>();
    const start = Date.now();
    const total = Math.round(seconds * rate);
    let lastMinute = 0;
    for (let k = 0; k < total; k += 1) {
      const due = start + (k * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight.size >= MAX_IN_FLIGHT) {
        counts.late += 1;
        await Promise.race(inFlight);
      }
      if (measured) counts.requests += 1;
      const request = one(measured).finally(() => inFlight.delete(request));
      inFlight.add(request);
      const minute = Math.floor((Date.now() - start) / 60_000);
      if (tick && minute > lastMinute) {
        lastMinute = minute;
        tick(minute);
      }
    }
    await Promise.all(inFlight);
  };

  const pgid = platform.pid!;
  try {
    console.log(
      `soak: ${rate} req/s for ${minutes} min (1 in ${writeEvery} a write: enter + publish), warm-up ${warmupSeconds} s; ${url}`,
    );
    await drive(warmupSeconds, false);
    errors.clear();
    Object.assign(counts, { reads: 0, writes: 0, published: 0, late: 0 });
    const rssStart = groupRssKb(pgid);
    console.log(`RSS at start (after the warm-up): ${(rssStart / 1024).toFixed(1)} MiB`);
    const began = Date.now();
    await drive(minutes * 60, true, (minute) =>
      console.log(
        `  minute ${minute}: RSS ${(groupRssKb(pgid) / 1024).toFixed(1)} MiB, ${counts.requests} requests, errors ${[...errors.values()].reduce((a, b) => a + b, 0)}`,
      ),
    );
    const seconds = (Date.now() - began) / 1000;
    const rssEnd = groupRssKb(pgid);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
    const errorTotal = [...errors.values()].reduce((a, b) => a + b, 0);
    console.log(
      `RSS at end: ${(rssEnd / 1024).toFixed(1)} MiB; growth ${(((rssEnd - rssStart) / rssStart) * 100).toFixed(1)} %`,
    );
    console.log(
      `${counts.requests} requests in ${seconds.toFixed(0)} s (${(counts.requests / seconds).toFixed(1)}/s): ${counts.reads} reads, ${counts.writes} writes ` +
        `(${counts.published} published); latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; sends held back at ${MAX_IN_FLIGHT} in flight: ${counts.late}`,
    );
    console.log(
      `errors: ${errorTotal}${errorTotal ? ` (${[...errors].map(([k, v]) => `${k} ×${v}`).join(', ')})` : ''}`,
    );
    process.exitCode = errorTotal > 0 ? 1 : 0;
  } finally {
    await stopAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll();
  process.exit(1);
});
