/**
 * Issue 12: does `/health` answer within 100 ms while the heaviest accepted requests run? Starts the platform in
 * one process (gateway and subgraphs on one event loop, the worst case; `npm start` splits gateway and subgraphs
 * in two), once with the CPU-heavy work on the event loop (WORKER_THREADS=0, as before) and once in worker threads,
 * and in each sends, all at once: requests with two diffs of 4,000-line revisions, publishes of ~480,000-character
 * bodies, and the largest attachments a 1 MB request can carry (a 10 MB one is refused with 413 before any work).
 * Meanwhile a separate thread polls /health of the gateway and each subgraph every 10 ms; this thread's event-loop
 * delay is sampled with perf_hooks.monitorEventLoopDelay.
 *
 *   npm run bench:event-loop                     both modes (BENCH_MODES=loop,pool to choose; BENCH_ROUNDS=3)
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startPlatform, type RunningPlatform } from '../scripts/platform';
import { issueLocalToken } from '../subgraphs/common/auth';
import { loadConfig } from '../subgraphs/common/config';
import { sampleId } from '../subgraphs/common/sample';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MODES = (process.env.BENCH_MODES ?? 'loop,pool').split(',');
const AUTHOR = 'tomasz.zielinski';

const CREATE = 'mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateDocumentInput!, $reason: String) { updateDocument(id: $id, input: $input, reason: $reason) { id } }';
const PUBLISH = 'mutation($id: ID!) { publishDocument(id: $id) { id } }';
const ATTACH = 'mutation($id: ID!, $input: AttachmentInput!) { addAttachment(documentId: $id, input: $input) { id } }';
const TWO_DIFFS = 'query($a: ID!, $b: ID!) { a: document(id: $a) { diff(from: 1, to: 2) { field patch } } b: document(id: $b) { diff(from: 1, to: 2) { field patch } } }';

const WORDS = 'urząd miasta krakowa ogłasza konkurs na stanowisko urzędnicze w wydziale komunikacji społecznej dla mieszkańców dzielnicy'.split(' ');
/** A body of `count` paragraphs; `salt` changes the words of the lines it picks. */
const body = (count: number, changed: (i: number) => boolean = () => false) =>
  Array.from({ length: count }, (_, i) => `<p>${i} ${Array.from({ length: 11 }, (_, k) => WORDS[(i * 7 + k * (changed(i) ? 5 : 3)) % WORDS.length]).join(' ')}</p>`).join('\n');

/** Polls each URL every 10 ms from its own thread (so the platform's blocked loop does not delay the poller). */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = Object.fromEntries(workerData.urls.map(([name]) => [name, []]));
let stop = false;
parentPort.on('message', () => { stop = true; });
for (const [name, url] of workerData.urls) {
  (async () => {
    while (!stop) {
      const started = performance.now();
      try { await (await fetch(url, { signal: AbortSignal.timeout(10000) })).text(); } catch {}
      latencies[name].push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
}
const finish = setInterval(() => { if (stop) { clearInterval(finish); setTimeout(() => parentPort.postMessage(latencies), 50); } }, 5);
`;

interface Client {
  post(query: string, variables: Record<string, unknown>): Promise<{ status: number; errors?: { extensions?: { code?: string } }[]; data?: any }>;
}

function client(platform: RunningPlatform, token: string): Client {
  return {
    async post(query, variables) {
      const response = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      try {
        return { status: response.status, ...(JSON.parse(text) as object) };
      } catch {
        return { status: response.status, errors: [{ extensions: { code: text.slice(0, 80) } }] };
      }
    },
  };
}

const document = (title: string, text: string) => ({ channelId: sampleId('channel:kultura-web'), responsibleUnitId: sampleId('unit:kultura'), title, body: text, kind: 'NEWS' });

async function created(api: Client, title: string, text: string): Promise<string> {
  const answer = await api.post(CREATE, { input: document(title, text) });
  if (!answer.data?.createDocument) throw new Error(`create failed: ${JSON.stringify(answer.errors)}`);
  return answer.data.createDocument.id as string;
}

/** A document with two revisions 4,000 lines long: a few lines changed (diff completes) or every other (time cap). */
async function revisedDocument(api: Client, title: string, changed: (i: number) => boolean): Promise<string> {
  const id = await created(api, title, body(4000));
  const answer = await api.post(UPDATE, { id, input: { body: body(4000, changed) }, reason: null });
  if (answer.errors) throw new Error(`update failed: ${JSON.stringify(answer.errors)}`);
  return id;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
const ms = (value: number) => value.toFixed(1);

async function run(mode: string): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-loop-'));
  const config = loadConfig({
    RESPONSE_CACHE: 'off',
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '10000000',
    ...process.env,
    WORKER_THREADS: mode === 'loop' ? '0' : (process.env.WORKER_THREADS ?? '1'),
    DATA_DIR: dataDir,
    SAMPLE_DATA: 'true',
    LOG_LEVEL: 'error',
  });
  const platform = await startPlatform(config, { ephemeralPorts: true });
  try {
    const api = client(platform, await issueLocalToken(config, AUTHOR, 3600));
    const fewChanged = await revisedDocument(api, 'Rejestr umów', (i) => i % 500 === 7);
    const halfChanged = await revisedDocument(api, 'Rejestr uchwał', (i) => i % 2 === 1);
    const attachTo = await created(api, 'Załączniki', '<p>Załączniki</p>');
    const pdf = crypto.randomBytes(760 * 1024);
    pdf.write('%PDF-1.7\n', 0);
    const bigBody = body(4300);
    const tenMegabytes = Buffer.alloc(10 * 1024 * 1024, 1).toString('base64');

    const urls = [['gateway', platform.gatewayUrl], ...Object.values(platform.subgraphs).map((s) => [s.name, s.url])].map(
      ([name, url]) => [name, new URL('/health', url).toString()],
    );
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const poller = new Worker(POLLER, { eval: true, workerData: { urls } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    delay.enable();
    const started = performance.now();
    const outcomes: Record<string, string[]> = { diffs: [], publish: [], attachment: [], '10 MB attachment': [] };
    const note = (kind: string, answer: { status: number; errors?: { extensions?: { code?: string } }[] }) =>
      outcomes[kind].push(answer.errors?.length ? (answer.errors[0].extensions?.code ?? `HTTP ${answer.status}`) : 'ok');
    for (let round = 0; round < ROUNDS; round += 1) {
      await Promise.all([
        ...Array.from({ length: 4 }, () => api.post(TWO_DIFFS, { a: fewChanged, b: halfChanged }).then((a) => note('diffs', a))),
        ...Array.from({ length: 2 }, async (_, i) => {
          const id = await created(api, `Regulamin ${round}-${i}`, bigBody);
          note('publish', await api.post(PUBLISH, { id }));
        }),
        ...Array.from({ length: 2 }, (_, i) =>
          api.post(ATTACH, { id: attachTo, input: { fileName: `skan-${round}-${i}.pdf`, mediaType: 'application/pdf', contentBase64: pdf.toString('base64') } }).then((a) => note('attachment', a)),
        ),
        api.post(ATTACH, { id: attachTo, input: { fileName: 'duzy.pdf', mediaType: 'application/pdf', contentBase64: tenMegabytes } }).then((a) => note('10 MB attachment', a)),
      ]);
    }
    const elapsed = performance.now() - started;
    delay.disable();
    const latencies = await new Promise<Record<string, number[]>>((resolve) => {
      poller.once('message', resolve);
      poller.postMessage('stop');
    });
    await poller.terminate();
    const lines = [`mode: ${mode === 'loop' ? 'heavy work on the event loop (WORKER_THREADS=0)' : `worker threads (WORKER_THREADS=${config.workerThreads})`}, load took ${ms(elapsed)} ms`];
    lines.push(`  event-loop delay: p50 ${ms(delay.percentile(50) / 1e6)} ms, p99 ${ms(delay.percentile(99) / 1e6)} ms, max ${ms(delay.max / 1e6)} ms`);
    for (const [name, values] of Object.entries(latencies)) {
      const sorted = [...values].sort((a, b) => a - b);
      const over = sorted.filter((v) => v > 100).length;
      lines.push(`  /health ${name.padEnd(12)} n=${String(sorted.length).padStart(4)}  p50 ${ms(quantile(sorted, 0.5)).padStart(6)} ms  p99 ${ms(quantile(sorted, 0.99)).padStart(7)} ms  max ${ms(sorted[sorted.length - 1]).padStart(7)} ms  >100 ms: ${over}`);
    }
    const counted = (values: string[]) => Object.entries(values.reduce<Record<string, number>>((n, v) => ({ ...n, [v]: (n[v] ?? 0) + 1 }), {})).map(([k, v]) => `${v}× ${k}`).join(', ');
    lines.push(`  answers: ${Object.entries(outcomes).map(([kind, values]) => `${kind}: ${counted(values)}`).join('; ')}`);
    return lines;
  } finally {
    await platform.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`event-loop bench: ${ROUNDS} rounds of 4 two-diff requests (4,000-line revisions), 2 publishes of ${body(4300).length.toLocaleString('en')}-character bodies, 2 attachments of 760 KB and one of 10 MB`);
  for (const mode of MODES) for (const line of await run(mode)) console.log(line);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
