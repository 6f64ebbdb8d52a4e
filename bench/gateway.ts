/**
 * `npm run bench:gateway`: throughput of the public feed through the project's gateway, against stock
 * Apollo Federation, the content subgraph alone and a bare Node server, in one run on this machine
 * (issue 10, "How it is measured"). A benchmark, not a test: it reports, it does not fail on a ratio.
 *
 * One target at a time, each driven by autocannon in this process with the same connections and
 * duration after a warm-up that is not counted; the same anonymous feed query, and a signed-in variant
 * (Bearer token of the sample account anna.kowalczyk):
 *   1. the platform as `npm start` runs it (node dist/scripts/start.js; fresh DATA_DIR, free ports):
 *      response cache on, then restarted over the same DATA_DIR with RESPONSE_CACHE=off (anonymous, signed-in),
 *      then also with SUBGRAPH_DEDUPE=off (identical subgraph reads in flight not shared: one request's own cost);
 *   2. stock @apollo/gateway in @apollo/server (bench/stock-gateway.ts, its own process) over the same subgraphs;
 *   3. the content subgraph alone, answering its part of the feed (the first fetch of the query plan);
 *   4. a bare Node http server returning the feed's exact answer bytes (bench/bare-node.ts): the floor.
 * Prints the table and the issue's ratios and writes them to bench/RESULTS.md (its own section).
 *
 * Run:  npm run bench:gateway
 *       BENCH_DURATION=10 (seconds per target), BENCH_CONNECTIONS=50, BENCH_WARMUP=2 (seconds)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueLocalToken } from '../platform/auth';
import { loadConfig, SUBGRAPH_NAMES, type PlatformConfig } from '../platform/config';
import { internalSecret } from '../platform/service-auth';
import { signSubgraphRequest, requestTarget } from '../platform/request-signature';
import { projectRoot } from '../platform/schema-file';
import { section, table, ratiosTable, writeSection, machine, type Ratio } from './gateway-report';
import { measure, probe, unmeasured, type LoadSettings, type Measurement, type Target } from './load';
import { freePorts, startNode, stopAll, waitUntilReady, STOP_GRACE_MS, type ServerProcess } from './processes';

const FEED =
  'query Feed { documents(first: 20) { nodes { title responsibleUnit { name head { name } } ' +
  'channel { name kind status } } } }';
/** What the gateway's query plan asks the content subgraph for the feed (its first fetch; then organisation and
 * lifecycle in parallel, with the units and channels as entity representations). */
const FEED_CONTENT_PART =
  'query Feed__content__0{documents(first:20){nodes{title responsibleUnit{__typename id}channel{__typename id}}}}';
const ACCOUNT = 'anna.kowalczyk';
const PLATFORM_READY_MS = 180_000;
const SERVER_READY_MS = 60_000;

const ROOT = projectRoot();
const DIST = path.join(ROOT, 'dist');

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function loadSettings(): LoadSettings {
  return {
    connections: setting('BENCH_CONNECTIONS', 50, 1, 1000),
    durationSeconds: setting('BENCH_DURATION', 10, 1, 3600),
    warmupSeconds: setting('BENCH_WARMUP', 2, 1, 600),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The embedded default as `npm start` runs it: SQLite under DATA_DIR with the sample data, on the given ports. */
function platformEnv(
  dataDir: string,
  ports: number[],
  responseCache: 'on' | 'off',
  subgraphDedupe: 'on' | 'off' = 'on',
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const overridden = ['DATABASE_URL', 'SAMPLE_DATA', ...SUBGRAPH_NAMES.map((s) => `${s.toUpperCase()}_URL`)];
  for (const name of overridden) delete env[name];
  env.DATA_DIR = dataDir;
  env.GATEWAY_PORT = String(ports[0]);
  SUBGRAPH_NAMES.forEach((name, i) => (env[`${name.toUpperCase()}_PORT`] = String(ports[i + 1])));
  env.LOG_LEVEL = 'warn';
  env.METRICS_PORT = '0'; // nobody scrapes the bench; a free port never collides
  env.RESPONSE_CACHE = responseCache;
  env.SUBGRAPH_DEDUPE = subgraphDedupe;
  // One machine sends everything from one address: limits high enough never to refuse, so the limit stage still runs.
  env.RATE_LIMIT_ANONYMOUS_PER_MINUTE ??= '10000000';
  env.RATE_LIMIT_ACCOUNT_PER_MINUTE ??= '10000000';
  return env;
}

/** Ready when the target answers with a feed that is not empty. */
function answersFeed(target: Target): () => Promise<true | string> {
  return async () => {
    const answer = await probe(target);
    if ('refused' in answer) return answer.refused;
    const data = JSON.parse(answer.bytes.toString('utf8')) as { data?: { documents?: { nodes?: unknown[] } } };
    return (data.data?.documents?.nodes?.length ?? 0) > 0 ? true : 'the feed is empty';
  };
}

async function startPlatform(
  label: string,
  env: NodeJS.ProcessEnv,
  gateway: Target,
  notes: string[],
): Promise<ServerProcess> {
  const started = Date.now();
  const platform = startNode(`npm start (${label})`, path.join(DIST, 'scripts', 'start.js'), env, ROOT);
  await waitUntilReady(platform, 'answered the feed through its gateway', answersFeed(gateway), PLATFORM_READY_MS);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  notes.push(`${platform.name}: first feed answer ${seconds} s after the process started.`);
  return platform;
}

/** Stops a server and notes the warnings and errors it logged. */
async function stop(server: ServerProcess, notes: string[]): Promise<void> {
  if ((await server.stop()) === 'killed') {
    notes.push(
      `${server.name} did not stop within ${STOP_GRACE_MS / 1000} s of SIGINT to its process group and was killed.`,
    );
  }
  const logged = server.logLines();
  if (logged.length > 0) {
    const last = logged[logged.length - 1].slice(0, 300);
    notes.push(`${server.name} logged ${logged.length} warning/error line(s); the last: \`${last}\``);
  }
}

function sameAnswer(a: Measurement, b: Measurement, notes: string[]): void {
  if (a.answer && b.answer && !a.answer.equals(b.answer)) {
    notes.push(`${a.target} and ${b.target} gave different answers (${a.answer.length} and ${b.answer.length} bytes).`);
  }
}

interface Results {
  cached: Measurement;
  anonymous: Measurement;
  signedIn: Measurement;
  anonymousAlone: Measurement;
  stockAnonymous: Measurement;
  stockSignedIn: Measurement;
  content: Measurement;
  bare: Measurement;
}

/** What every step of one run shares. */
interface Run {
  settings: LoadSettings;
  /** The run's temporary folder: DATA_DIR of the platform, the answer file of the floor. */
  work: string;
  notes: string[];
  config: PlatformConfig;
  /** Gateway, the four subgraphs, stock gateway, bare Node server. */
  ports: number[];
  /** Headers of the signed-in variant (known once the platform made its signing key). */
  signedIn: Record<string, string>;
  results: Results;
}

function feedTarget(name: string, url: string, headers?: Record<string, string>): Target {
  return { name, url, body: JSON.stringify({ query: FEED }), headers };
}

function url(run: Run, port: number): string {
  return `http://${run.config.host}:${port}/graphql`;
}

/** 1. The platform as `npm start` runs it, response cache on, then off. Returns it running, cache off. */
async function measureOurGateway(run: Run): Promise<ServerProcess> {
  const dataDir = path.join(run.work, 'data');
  const gateway = url(run, run.ports[0]);
  const { results, settings, notes } = run;
  const ready = feedTarget('gateway', gateway);
  let platform = await startPlatform('cache on', platformEnv(dataDir, run.ports, 'on'), ready, notes);
  results.cached = await measure(feedTarget(results.cached.target, gateway), settings);
  await stop(platform, notes);

  platform = await startPlatform('cache off', platformEnv(dataDir, run.ports, 'off'), ready, notes);
  run.signedIn.authorization = `Bearer ${await issueLocalToken(run.config, ACCOUNT)}`;
  results.anonymous = await measure(feedTarget(results.anonymous.target, gateway), settings);
  results.signedIn = await measure(feedTarget(results.signedIn.target, gateway, run.signedIn), settings);
  sameAnswer(results.cached, results.anonymous, notes);
  await stop(platform, notes);

  // The same without sharing identical subgraph reads in flight: what one request alone costs.
  platform = await startPlatform('cache off, dedupe off', platformEnv(dataDir, run.ports, 'off', 'off'), ready, notes);
  results.anonymousAlone = await measure(feedTarget(results.anonymousAlone.target, gateway), settings);
  return platform;
}

/** Runs a server of the bench (dist/bench/<script>.js) for `body`, and always stops it; a failure becomes a note. */
async function withServer(
  run: Run,
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  body: (server: ServerProcess) => Promise<void>,
  failed: Measurement[],
): Promise<void> {
  const server = startNode(name, path.join(DIST, 'bench', `${script}.js`), { ...process.env, ...env }, ROOT);
  try {
    await body(server);
  } catch (error) {
    for (const measurement of failed) measurement.note = `not measured: ${message(error)}`;
  } finally {
    await stop(server, run.notes);
  }
}

/** 2. Stock Apollo Federation over the same running subgraphs. */
async function measureStock(run: Run): Promise<void> {
  const { results, settings, config } = run;
  const stock = url(run, run.ports[5]);
  const env = {
    HOST: config.host,
    PORT: String(run.ports[5]),
    SUPERGRAPH_PATH: config.supergraphPath,
    SUBGRAPH_URLS: JSON.stringify(config.urls),
    // Subgraphs answer only signed requests: the stock gateway signs with the same secret as ours.
    INTERNAL_SECRET: new TextDecoder().decode(await internalSecret(config)),
  };
  const failed = [results.stockAnonymous, results.stockSignedIn];
  await withServer(
    run,
    'stock @apollo/gateway',
    'stock-gateway',
    env,
    async (server) => {
      await waitUntilReady(server, 'answered the feed', answersFeed(feedTarget('stock', stock)), SERVER_READY_MS);
      results.stockAnonymous = await measure(feedTarget(results.stockAnonymous.target, stock), settings);
      results.stockSignedIn = await measure(feedTarget(results.stockSignedIn.target, stock, run.signedIn), settings);
      sameAnswer(results.anonymous, results.stockAnonymous, run.notes);
    },
    failed,
  );
}

/** 3. The content subgraph alone, each request signed as the gateway signs it (it refuses unsigned ones). */
async function measureContent(run: Run): Promise<void> {
  const body = JSON.stringify({ query: FEED_CONTENT_PART, variables: {}, operationName: 'Feed__content__0' });
  const secret = await internalSecret(run.config);
  const url = run.config.urls.content;
  const sign = () => signSubgraphRequest(secret, { method: 'POST', path: requestTarget(url), body });
  const target: Target = { name: run.results.content.target, url, body, sign };
  run.results.content = await measure(target, run.settings);
}

/** 4. The floor: a bare Node server answering with the gateway's answer bytes. */
async function measureFloor(run: Run): Promise<void> {
  const { results, settings } = run;
  const answer = results.anonymous.answer ?? results.cached.answer;
  if (!answer) {
    results.bare.note = 'not measured: the gateway gave no answer to copy';
    return;
  }
  const answerFile = path.join(run.work, 'feed-answer.json');
  fs.writeFileSync(answerFile, answer);
  run.notes.push(`The feed answer is ${answer.length.toLocaleString('en-US')} bytes.`);
  const bare = url(run, run.ports[6]);
  const env = { HOST: run.config.host, PORT: String(run.ports[6]), ANSWER_FILE: answerFile };
  await withServer(
    run,
    'bare Node http',
    'bare-node',
    env,
    async (server) => {
      await waitUntilReady(server, 'answered', answersFeed(feedTarget('bare', bare)), SERVER_READY_MS);
      results.bare = await measure(feedTarget(results.bare.target, bare), settings);
    },
    [results.bare],
  );
}

/** The targets one after another; the subgraphs stay up from the first to the content subgraph alone. */
async function runTargets(settings: LoadSettings, work: string, notes: string[]): Promise<Results> {
  const ports = await freePorts(7, '127.0.0.1');
  const run: Run = {
    settings,
    work,
    notes,
    ports,
    config: loadConfig(platformEnv(path.join(work, 'data'), ports, 'off')),
    signedIn: {},
    results: {
      cached: unmeasured('npm start, cache on: anonymous feed'),
      anonymous: unmeasured('npm start, cache off: anonymous feed'),
      signedIn: unmeasured(`npm start, cache off: signed-in feed (${ACCOUNT})`),
      anonymousAlone: unmeasured('npm start, cache off, SUBGRAPH_DEDUPE=off: anonymous feed'),
      stockAnonymous: unmeasured('stock @apollo/gateway: anonymous feed'),
      stockSignedIn: unmeasured(`stock @apollo/gateway: signed-in feed (${ACCOUNT})`),
      content: unmeasured('content subgraph alone: its part of the feed'),
      bare: unmeasured('bare Node http: the same answer bytes (floor)'),
    },
  };
  const platform = await measureOurGateway(run);
  await measureStock(run);
  await measureContent(run);
  await stop(platform, notes);
  await measureFloor(run);
  const { cached, bare } = run.results;
  if (cached.requestsPerSecond >= 0.9 * bare.requestsPerSecond) {
    notes.push(
      'The cached read is as fast as the bare Node floor: at this rate the autocannon client (one core, in the ' +
        'bench process) limits both, so a ratio near or above 1 means "at the floor", not more.',
    );
  }
  return run.results;
}

/** The issue's targets, then ratios for context. */
function ratios(r: Results): Ratio[] {
  const ratio = (name: string, numerator: Measurement, denominator: Measurement, goal?: number): Ratio => ({
    name,
    numerator,
    denominator,
    goal,
  });
  return [
    ratio('cached public read / bare Node', r.cached, r.bare, 0.5),
    ratio('our gateway uncached anonymous / stock gateway anonymous', r.anonymous, r.stockAnonymous, 2),
    ratio('our signed-in uncached / our anonymous uncached', r.signedIn, r.anonymous, 0.7),
    ratio('our gateway uncached, no in-flight sharing / stock gateway anonymous', r.anonymousAlone, r.stockAnonymous),
    ratio('stock gateway anonymous / content subgraph alone', r.stockAnonymous, r.content),
    ratio('stock gateway signed-in / stock gateway anonymous', r.stockSignedIn, r.stockAnonymous),
    ratio('our cached / our uncached anonymous', r.cached, r.anonymous),
  ];
}

async function main(): Promise<void> {
  const settings = loadSettings();
  for (const script of ['scripts/start.js', 'bench/stock-gateway.js', 'bench/bare-node.js']) {
    if (!fs.existsSync(path.join(DIST, script))) {
      throw new Error(`dist/${script} is missing: run \`npm run bench:gateway\`, which builds first.`);
    }
  }
  const { connections, durationSeconds, warmupSeconds } = settings;
  console.error(`Gateway benchmark on ${machine()}: ${connections} connections, ${durationSeconds} s per target`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-bench-gateway-'));
  const removeWork = () => fs.rmSync(work, { recursive: true, force: true });
  process.once('exit', removeWork); // also after Ctrl-C, which ends the process from its signal handler
  const notes: string[] = [];
  if (process.env.REDIS_URL) notes.push('REDIS_URL was set: the platform used Redis.');
  let results: Results;
  try {
    results = await runTargets(settings, work, notes);
  } finally {
    await stopAll();
    removeWork();
  }
  const measurements = Object.values(results);
  const report = {
    settings,
    command:
      `BENCH_DURATION=${durationSeconds} BENCH_CONNECTIONS=${connections} ` +
      `${warmupSeconds === 2 ? '' : `BENCH_WARMUP=${warmupSeconds} `}npm run bench:gateway`,
    query: FEED,
    measurements,
    ratios: ratios(results),
    notes,
    date: new Date(),
  };
  console.log(`\n${table(measurements)}\n\n${ratiosTable(report.ratios)}\n`);
  const text = section(report);
  const notesStart = text.indexOf('Notes:');
  if (notesStart >= 0) console.log(text.slice(notesStart).trimEnd());
  writeSection(path.join(ROOT, 'bench', 'RESULTS.md'), text);
  console.log('\nWritten to bench/RESULTS.md.');
}

main().catch((error: unknown) => {
  console.error(message(error));
  process.exit(1);
});
