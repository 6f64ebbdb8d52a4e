/**
 * What the chaos tests (test/chaos, `npm run test:chaos`) share: a platform whose rate limits never
 * refuse the load one test machine sends from one address, steady request loops that record every
 * answer with when it was sent, and a seeded random source so that a failure can be reproduced.
 */
import { startTestPlatform, type GraphQLResponse, type TestPlatform } from './platform';

/** Limits far above any load a test sends, so the rate-limit stage still runs but never refuses. */
export const UNLIMITED = { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000000', RATE_LIMIT_ACCOUNT_PER_MINUTE: '10000000' };

export function startChaosPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  return startTestPlatform({ ...UNLIMITED, ...env });
}

/** One answer of a load loop: what came back and when the request was sent and answered. */
export interface Sample {
  sentAt: number;
  answeredAt: number;
  status: number;
  body?: GraphQLResponse;
  /** The request failed below HTTP (connection refused or reset). */
  failure?: string;
}

/** `concurrency` loops sending `send()` one after another until `stop()`; every answer is kept. */
export class LoadLoops {
  readonly samples: Sample[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(concurrency: number, send: () => Promise<Response>) {
    this.loops = Array.from({ length: concurrency }, () => this.loop(send));
  }

  private async loop(send: () => Promise<Response>): Promise<void> {
    while (this.running) {
      const sentAt = Date.now();
      try {
        const response = await send();
        const text = await response.text();
        let body: GraphQLResponse | undefined;
        try {
          body = JSON.parse(text) as GraphQLResponse;
        } catch {
          body = undefined;
        }
        this.samples.push({ sentAt, answeredAt: Date.now(), status: response.status, body });
      } catch (error) {
        this.samples.push({
          sentAt,
          answeredAt: Date.now(),
          status: 0,
          failure: String((error as Error).cause ?? error),
        });
      }
    }
  }

  /** The answers to requests sent in [from, to). */
  between(from: number, to = Infinity): Sample[] {
    return this.samples.filter((sample) => sample.sentAt >= from && sample.sentAt < to);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

/** A POST of a GraphQL query to `url`, as a frontend sends it. */
export function graphqlPost(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  authorization?: string,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns true; the time it took, or throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<number> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return Date.now() - started;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}

/**
 * mulberry32: a small seeded PRNG. The chaos tests print their seed; CHAOS_SEED=<seed> replays a run.
 */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

/** The seed of this run: CHAOS_SEED when given (to replay), else a fresh one. */
export function chaosSeed(): number {
  const given = process.env.CHAOS_SEED?.trim();
  if (given) {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`CHAOS_SEED="${given}" must be a whole number`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
