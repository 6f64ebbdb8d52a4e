/**
 * Issue 12, "Chaos and load tests": 1,000 operations generated from the schema the gateway serves, valid and
 * mutated (test/support/generated-operations.ts), sent anonymously and as a signed-in editor. Whatever they
 * ask, the platform answers with data or a named error: never INTERNAL_SERVER_ERROR, never an HTTP 5xx, and
 * each process of the platform stays under its memory budget. The platform runs as an operator runs it
 * (dist/scripts/start.js: the gateway in one process, the four subgraphs in another), so that what is measured is
 * the platform's memory, not Jest's (whose heap also holds the compiled sources and the earlier test files).
 * The seed is printed; CHAOS_SEED=<seed> npm run test:chaos replays the same operations.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../platform/config';
import { dropMysqlDatabase } from '../../subgraphs/common/database';
import { OperationGenerator, apiSchema, type GeneratedOperation } from '../support/generated-operations';
import { Random, UNLIMITED, chaosSeed, graphqlPost } from '../support/chaos';
import type { GraphQLResponse } from '../support/platform';
import {
  buildIfChanged,
  residentBytes,
  startPlatformProcesses,
  tokenFor,
  type StartedPlatform,
} from '../support/started-platform';

const OPERATIONS = Number(process.env.CHAOS_OPERATIONS ?? 1000);
const CONCURRENCY = 4;
/** Per process. Measured: gateway ~140 MiB at start, ~220 MiB peak; subgraphs ~170 MiB at start, ~370 MiB peak. */
const RSS_BUDGET = 512 * 1024 * 1024;
const EDITOR = 'tomasz.zielinski';

interface Outcome {
  index: number;
  operation: GeneratedOperation;
  as: 'anonymous' | typeof EDITOR;
  status: number;
  codes: string[];
  body: string;
}

/** On MariaDB (DATABASE_URL set), databases of their own, dropped afterwards; otherwise SQLite in the data folder. */
function databaseSettings(): { env: Record<string, string>; drop: () => Promise<void> } {
  if (!process.env.DATABASE_URL) return { env: {}, drop: async () => {} };
  const url = new URL(process.env.DATABASE_URL);
  const prefix = `${url.pathname.replace(/^\//, '') || 'mpitest'}_gen${crypto.randomBytes(3).toString('hex')}`;
  url.pathname = `/${prefix}`;
  const drop = async () => {
    for (const name of SUBGRAPH_NAMES) await dropMysqlDatabase(url, `${prefix}_${name}`);
  };
  return { env: { DATABASE_URL: url.toString(), SAMPLE_DATA: 'true' }, drop };
}

describe('issue 12 chaos: 1,000 generated operations', () => {
  let platform: StartedPlatform | undefined;
  let dataDir: string;
  const database = databaseSettings();
  beforeAll(async () => {
    buildIfChanged();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-chaos-generated-'));
    platform = await startPlatformProcesses(dataDir, { ...UNLIMITED, ...database.env, LOG_LEVEL: 'error' });
  }, 200_000);
  afterAll(async () => {
    if (platform) {
      platform.main.kill('SIGINT');
      await platform.exit;
    }
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('no INTERNAL_SERVER_ERROR, no 5xx, and each process of the platform stays under 512 MiB', async () => {
    const { gatewayUrl, main, subgraphsPid } = platform!;
    const seed = chaosSeed();
    console.log(`generated operations: seed ${seed} (replay with CHAOS_SEED=${seed})`);
    const generator = new OperationGenerator(apiSchema(), new Random(seed));
    const operations = Array.from({ length: OPERATIONS }, () => generator.next());
    const token = tokenFor(dataDir, EDITOR);
    const outcomes: Outcome[] = [];
    const processes = { gateway: main.pid!, subgraphs: subgraphsPid };
    const rss = () => ({ gateway: residentBytes(processes.gateway), subgraphs: residentBytes(processes.subgraphs) });
    const startRss = rss();
    const peakRss = { ...startRss };
    const sampler = setInterval(() => {
      const now = rss();
      peakRss.gateway = Math.max(peakRss.gateway, now.gateway);
      peakRss.subgraphs = Math.max(peakRss.subgraphs, now.subgraphs);
    }, 100);

    let next = 0;
    const worker = async () => {
      while (next < operations.length) {
        const index = next++;
        const operation = operations[index];
        const as = index % 2 === 0 ? 'anonymous' : EDITOR;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (as !== 'anonymous') headers.authorization = `Bearer ${token}`;
        const response = await fetch(gatewayUrl, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: operation.query, variables: operation.variables }),
        });
        const body = await response.text();
        let codes: string[];
        try {
          codes = ((JSON.parse(body) as GraphQLResponse).errors ?? []).map((error) => String(error.extensions?.code));
        } catch {
          codes = ['(not JSON)'];
        }
        outcomes.push({ index, operation, as, status: response.status, codes, body });
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      clearInterval(sampler);
    }

    const tally = new Map<string, number>();
    for (const outcome of outcomes) {
      for (const code of outcome.codes.length ? new Set(outcome.codes) : ['(no error)'])
        tally.set(code, (tally.get(code) ?? 0) + 1);
    }
    const kinds = new Map<string, number>();
    for (const { operation } of outcomes) kinds.set(operation.kind, (kinds.get(operation.kind) ?? 0) + 1);
    const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
    console.log(
      `seed ${seed}: ${outcomes.length} operations (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}); ` +
        `answers by error code: ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
        `RSS of the gateway ${mib(startRss.gateway)} at start, peak ${mib(peakRss.gateway)}; ` +
        `of the subgraphs ${mib(startRss.subgraphs)} at start, peak ${mib(peakRss.subgraphs)}`,
    );

    const bad = outcomes.filter(
      (outcome) =>
        outcome.status >= 500 ||
        outcome.codes.includes('INTERNAL_SERVER_ERROR') ||
        outcome.codes.includes('(not JSON)'),
    );
    const shown = bad.slice(0, 5).map((outcome) => ({
      seed,
      index: outcome.index,
      as: outcome.as,
      kind: outcome.operation.kind,
      status: outcome.status,
      query: outcome.operation.query.slice(0, 2000),
      variables: JSON.stringify(outcome.operation.variables).slice(0, 500),
      answer: outcome.body.slice(0, 1000),
    }));
    expect({ failing: bad.length, first: shown }).toEqual({ failing: 0, first: [] });
    expect(outcomes).toHaveLength(OPERATIONS);
    expect(startRss.gateway).toBeGreaterThan(0);
    expect(startRss.subgraphs).toBeGreaterThan(0);
    expect(peakRss.gateway).toBeLessThan(RSS_BUDGET);
    expect(peakRss.subgraphs).toBeLessThan(RSS_BUDGET);
    // The platform still answers ordinary reads afterwards.
    const feed = (await (
      await graphqlPost(gatewayUrl, '{ documents(first: 5) { nodes { title } } }')
    ).json()) as GraphQLResponse;
    expect(feed.errors).toBeUndefined();
    expect(feed.data!.documents.nodes).toHaveLength(5);
  });
});
