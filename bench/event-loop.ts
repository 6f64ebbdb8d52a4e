/**
 * Issue 12: does `/health` answer within 100 ms while the heaviest accepted requests run? Starts the platform
 * once with the CPU-heavy work on the event loop (WORKER_THREADS=0, as before) and once in worker threads, and in
 * each sends, all at once: requests with two diffs of 4,000-line revisions, publishes of ~480,000-character
 * bodies, anonymous pages of those long bodies (megabytes of answer), attachments of 700 KB inline (the largest a 1 MB request carries) and one of 10 MB sent to POST /uploads as a
 * stream, then attached by its uploadId.
 * Meanwhile a separate thread polls /health of the gateway and each subgraph every 10 ms.
 *
 * BENCH_LAYOUT=processes (default) runs the platform as `npm start` does, dist/scripts/start.js: the gateway in one
 * process, the four subgraphs in another, this load generator in a third. BENCH_LAYOUT=one runs gateway, subgraphs
 * and the load generator on this one event loop (the worst case; its event-loop delay is sampled too).
 *
 *   npm run bench:event-loop                     both modes (BENCH_MODES=loop,pool to choose; BENCH_ROUNDS=3)
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { startPlatform } from '../scripts/platform';
import { issueLocalToken } from '../platform/auth';
import { SUBGRAPH_NAMES, loadConfig } from '../platform/config';
import { dropMysqlDatabase } from '../subgraphs/common/database';
import { sampleId } from '../subgraphs/common/sample';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MODES = (process.env.BENCH_MODES ?? 'loop,pool').split(',');
const LAYOUT = process.env.BENCH_LAYOUT === 'one' ? 'one' : 'processes';
const AUTHOR = 'tomasz.zielinski';

const CREATE = 'mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }';
const UPDATE =
  'mutation($id: ID!, $input: UpdateDocumentInput!, $reason: String) { updateDocument(id: $id, input: $input, reason: $reason) { id } }';
const PUBLISH = 'mutation($id: ID!) { publishDocument(id: $id) { id } }';
const ATTACH = 'mutation($id: ID!, $input: AttachmentInput!) { addAttachment(documentId: $id, input: $input) { id } }';
/** Anonymous: a page of the documents, bodies and all (the long ones published by earlier rounds: megabytes). */
const LONG_PAGE = '{ documents(first: 20) { nodes { title body } } }';
const TWO_DIFFS =
  'query($a: ID!, $b: ID!) { a: document(id: $a) { diff(from: 1, to: 2) { field patch } } b: document(id: $b) { diff(from: 1, to: 2) { field patch } } }';

const WORDS =
  'urząd miasta krakowa ogłasza konkurs na stanowisko urzędnicze w wydziale komunikacji społecznej dla mieszkańców dzielnicy'.split(
    ' ',
  );
/** A body of `count` paragraphs; `salt` changes the words of the lines it picks. */
const body = (count: number, changed: (i: number) => boolean = () => false) =>
  Array.from(
    { length: count },
    (_, i) =>
      `<p>${i} ${Array.from({ length: 11 }, (_, k) => WORDS[(i * 7 + k * (changed(i) ? 5 : 3)) % WORDS.length]).join(' ')}</p>`,
  ).join('\n');

/**
 * Polls each URL every 10 ms from a process of its own: neither the platform's loop nor this load generator's
 * (which sends 10 MB files) delays the poller.
 */
const POLLER = `
const urls = JSON.parse(process.env.POLL_URLS);
const latencies = Object.fromEntries(urls.map(([name]) => [name, []]));
let stop = false;
process.on('message', () => { stop = true; });
for (const [name, url] of urls) {
  (async () => {
    while (!stop) {
      const started = performance.now();
      try { await (await fetch(url, { signal: AbortSignal.timeout(10000) })).text(); } catch {}
      latencies[name].push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
}
const finish = setInterval(() => { if (stop) { clearInterval(finish); setTimeout(() => process.send(latencies, () => process.exit(0)), 50); } }, 5);
`;

interface Client {
  post(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ status: number; errors?: { extensions?: { code?: string } }[]; data?: any }>;
}

/** Sends operations to the gateway, as the account of `token` or (without one) anonymously. */
function client(gatewayUrl: string, token?: string): Client {
  return {
    async post(query, variables) {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
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

const document = (title: string, text: string) => ({
  channelId: sampleId('channel:kultura-web'),
  responsibleUnitId: sampleId('unit:kultura'),
  title,
  body: text,
  kind: 'NEWS',
});

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

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
const ms = (value: number) => value.toFixed(1);

/** A free loopback port (the OS picks it; it is free again when this returns). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Started {
  gatewayUrl: string;
  /** The /health URL of the gateway and of each subgraph. */
  health: [string, string][];
  stop(): Promise<void>;
}

/** The platform as `npm start` runs it: dist/scripts/start.js, gateway and subgraphs in two processes. */
async function startProcesses(env: Record<string, string>): Promise<Started> {
  const names = ['gateway', ...SUBGRAPH_NAMES] as const;
  const ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()] as const)));
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles both processes (the subgraphs' fork inherits them).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '../scripts/start.js')], {
    env: {
      ...env,
      PLATFORM_PROCESSES: '2',
      METRICS_PORT: String(await freePort()),
      ...Object.fromEntries(names.map((name) => [`${name.toUpperCase()}_PORT`, String(ports[name])])),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = /MPI gateway ready at (\S+)/.exec(output);
      if (ready || child.exitCode !== null) clearInterval(timer);
      if (ready) resolve(ready[1]);
      else if (child.exitCode !== null)
        reject(new Error(`dist/scripts/start.js ended before it was ready:\n${output}`));
    }, 50);
  });
  return {
    gatewayUrl,
    health: names.map((name) => [name, `http://127.0.0.1:${ports[name]}/health`]),
    async stop() {
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** Gateway, subgraphs and this load generator on this one event loop. */
async function startInThisProcess(env: Record<string, string>): Promise<Started> {
  const platform = await startPlatform(loadConfig(env), { ephemeralPorts: true });
  return {
    gatewayUrl: platform.gatewayUrl,
    health: [['gateway', platform.gatewayUrl], ...Object.values(platform.subgraphs).map((s) => [s.name, s.url])].map(
      ([name, url]) => [name, new URL('/health', url).toString()],
    ),
    stop: () => platform.stop(),
  };
}

/** On MariaDB (DATABASE_URL), databases of the run's own, dropped afterwards. */
function databaseOfTheRun(): { env: Record<string, string>; drop(): Promise<void> } {
  if (!process.env.DATABASE_URL) return { env: {}, drop: async () => {} };
  const url = new URL(process.env.DATABASE_URL);
  const prefix = `${url.pathname.replace(/^\//, '') || 'mpibench'}_${crypto.randomBytes(3).toString('hex')}`;
  url.pathname = `/${prefix}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      for (const name of SUBGRAPH_NAMES) await dropMysqlDatabase(url, `${prefix}_${name}`);
    },
  };
}

async function run(mode: string): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-loop-'));
  const database = databaseOfTheRun();
  const env = {
    RESPONSE_CACHE: 'off',
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '10000000',
    ...(process.env as Record<string, string>),
    ...database.env,
    NODE_ENV: 'development',
    WORKER_THREADS: mode === 'loop' ? '0' : (process.env.WORKER_THREADS ?? '1'),
    DATA_DIR: dataDir,
    SAMPLE_DATA: 'true',
    LOG_LEVEL: 'error',
  };
  const config = loadConfig(env);
  const platform = LAYOUT === 'one' ? await startInThisProcess(env) : await startProcesses(env);
  try {
    const api = client(platform.gatewayUrl, await issueLocalToken(config, AUTHOR, 3600));
    const fewChanged = await revisedDocument(api, 'Rejestr umów', (i) => i % 500 === 7);
    const halfChanged = await revisedDocument(api, 'Rejestr uchwał', (i) => i % 2 === 1);
    const attachTo = await created(api, 'Załączniki', '<p>Załączniki</p>');
    const pdf = crypto.randomBytes(700 * 1024);
    pdf.write('%PDF-1.7\n', 0);
    const bigBody = body(4300);
    const tenMegabytes = crypto.randomBytes(10 * 1024 * 1024);
    tenMegabytes.write('%PDF-1.7\n', 0);
    const token = await issueLocalToken(config, AUTHOR, 3600);
    /** A 10 MB file as a frontend sends it: its bytes to /uploads, then addAttachment by the id it answered. */
    const uploadAndAttach = async (fileName: string) => {
      const response = await fetch(new URL('/uploads', platform.gatewayUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
        body: tenMegabytes,
      });
      const sent = (await response.json()) as { uploadId?: string; errors?: { extensions?: { code?: string } }[] };
      if (!sent.uploadId) return { status: response.status, errors: sent.errors };
      return api.post(ATTACH, {
        id: attachTo,
        input: { fileName, mediaType: 'application/pdf', uploadId: sent.uploadId },
      });
    };

    const urls = platform.health;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const poller = spawn(process.execPath, ['-e', POLLER], {
      env: { ...process.env, POLL_URLS: JSON.stringify(urls) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    delay.enable();
    const started = performance.now();
    const outcomes: Record<string, string[]> = {
      diffs: [],
      publish: [],
      attachment: [],
      '10 MB attachment': [],
      'page of long bodies': [],
    };
    const anonymous = client(platform.gatewayUrl);
    const note = (kind: string, answer: { status: number; errors?: { extensions?: { code?: string } }[] }) =>
      outcomes[kind].push(
        answer.errors?.length ? (answer.errors[0].extensions?.code ?? `HTTP ${answer.status}`) : 'ok',
      );
    for (let round = 0; round < ROUNDS; round += 1) {
      await Promise.all([
        ...Array.from({ length: 2 }, () => anonymous.post(LONG_PAGE, {}).then((a) => note('page of long bodies', a))),
        ...Array.from({ length: 4 }, () =>
          api.post(TWO_DIFFS, { a: fewChanged, b: halfChanged }).then((a) => note('diffs', a)),
        ),
        ...Array.from({ length: 2 }, async (_, i) => {
          const id = await created(api, `Regulamin ${round}-${i}`, bigBody);
          note('publish', await api.post(PUBLISH, { id }));
        }),
        ...Array.from({ length: 2 }, (_, i) =>
          api
            .post(ATTACH, {
              id: attachTo,
              input: {
                fileName: `skan-${round}-${i}.pdf`,
                mediaType: 'application/pdf',
                contentBase64: pdf.toString('base64'),
              },
            })
            .then((a) => note('attachment', a)),
        ),
        uploadAndAttach(`duzy-${round}.pdf`).then((a) => note('10 MB attachment', a)),
      ]);
    }
    const elapsed = performance.now() - started;
    delay.disable();
    const latencies = await new Promise<Record<string, number[]>>((resolve) => {
      poller.once('message', (message) => resolve(message as Record<string, number[]>));
      poller.send('stop');
    });
    const where = LAYOUT === 'one' ? 'all in one process' : 'as npm start: gateway and subgraphs in two processes';
    const lines = [
      `mode: ${mode === 'loop' ? 'heavy work on the event loop (WORKER_THREADS=0)' : `worker threads (WORKER_THREADS=${config.workerThreads})`}, ${where}, load took ${ms(elapsed)} ms`,
    ];
    if (LAYOUT === 'one')
      lines.push(
        `  event-loop delay: p50 ${ms(delay.percentile(50) / 1e6)} ms, p99 ${ms(delay.percentile(99) / 1e6)} ms, max ${ms(delay.max / 1e6)} ms`,
      );
    for (const [name, values] of Object.entries(latencies)) {
      const sorted = [...values].sort((a, b) => a - b);
      const over = sorted.filter((v) => v > 100).length;
      lines.push(
        `  /health ${name.padEnd(12)} n=${String(sorted.length).padStart(4)}  p50 ${ms(quantile(sorted, 0.5)).padStart(6)} ms  p99 ${ms(quantile(sorted, 0.99)).padStart(7)} ms  max ${ms(sorted[sorted.length - 1]).padStart(7)} ms  >100 ms: ${over}`,
      );
    }
    const counted = (values: string[]) =>
      Object.entries(values.reduce<Record<string, number>>((n, v) => ({ ...n, [v]: (n[v] ?? 0) + 1 }), {}))
        .map(([k, v]) => `${v}× ${k}`)
        .join(', ');
    lines.push(
      `  answers: ${Object.entries(outcomes)
        .map(([kind, values]) => `${kind}: ${counted(values)}`)
        .join('; ')}`,
    );
    return lines;
  } finally {
    await platform.stop();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `event-loop bench: ${ROUNDS} rounds of 4 two-diff requests (4,000-line revisions), 2 publishes of ${body(4300).length.toLocaleString('en')}-character bodies, 2 attachments of 700 KB inline and one of 10 MB through /uploads, 2 anonymous pages of long bodies`,
  );
  for (const mode of MODES) for (const line of await run(mode)) console.log(line);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
