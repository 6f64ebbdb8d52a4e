/**
 * Issue 12, "Failure of one subgraph is a partial answer, not a blank one": the real platform, and beside
 * its gateway a second one pointed at a subgraph that is stopped, hangs or fails, so that what the caller
 * gets is seen over HTTP exactly as a frontend sees it.
 */
import { startGateway, type RunningGateway } from '../../gateway';
import { CircuitBreaker } from '../../gateway/circuit-breaker';
import type { PlatformConfig, SubgraphName } from '../../platform/config';
import { startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';
import {
  addressOfStoppedSubgraph,
  startUnreliableSubgraph,
  type UnreliableSubgraph,
} from '../support/unreliable-subgraph';

const CHANNEL_PAGE =
  '{ channelBySlug(slug: "portal") { name owner { name } documents(first: 2) { nodes { title } } } graphicLine { version } }';
const FEED_WITH_CHANNELS =
  '{ documents(first: 2) { nodes { title channel { name } } } channels(first: 1) { nodes { name } } }';

interface Answer extends GraphQLResponse {
  headers: Headers;
  ms: number;
}

async function ask(url: string, query: string): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const json = (await response.json()) as GraphQLResponse;
  return { ...json, status: response.status, headers: response.headers, ms: Date.now() - started };
}

async function readiness(gatewayUrl: string): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL('/ready', gatewayUrl));
  return { status: response.status, body: await response.json() };
}

/** Every error names the subgraph and the code, has a path, and gives away no internal address. */
function expectUnavailable(answer: GraphQLResponse, serviceName: SubgraphName): void {
  expect(answer.errors?.length).toBeGreaterThan(0);
  for (const error of answer.errors ?? []) {
    expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName });
    expect(error.path?.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/fetch failed|ECONNREFUSED|127\.0\.0\.1|localhost|http:/);
  }
  expect(JSON.stringify(answer.errors)).not.toMatch(/127\.0\.0\.1|:\d{4,5}\/|stacktrace/);
}

describe('issue 12: failure of one subgraph is a partial answer, not a blank one', () => {
  let platform: TestPlatform;
  const gateways: RunningGateway[] = [];
  const standIns: UnreliableSubgraph[] = [];

  /** A gateway over the platform's subgraphs, with some of them replaced. */
  async function gatewayWith(
    replaced: Partial<Record<SubgraphName, string>>,
    settings: Partial<PlatformConfig> = {},
  ): Promise<string> {
    const gateway = await startGateway(
      { ...platform.config, ...settings },
      { ...platform.subgraphUrls, ...replaced },
      0,
    );
    gateways.push(gateway);
    return gateway.url;
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.stop()));
    await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
  });
  afterAll(() => platform?.stop());

  test('issue 12: with content down, a channel keeps its name and owner; its documents are null with SUBGRAPH_UNAVAILABLE at their path', async () => {
    const url = await gatewayWith({ content: await addressOfStoppedSubgraph() });
    const answer = await ask(url, CHANNEL_PAGE);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({
      channelBySlug: { name: 'Magiczny Kraków', owner: { name: 'Wydział Komunikacji Społecznej' }, documents: null },
      graphicLine: { version: expect.any(String) },
    });
    expectUnavailable(answer, 'content');
    expect(answer.errors!.map((error) => error.path)).toEqual([['channelBySlug', 'documents']]);
    // A partial answer is nobody's to keep: not stored by the response cache, not cacheable downstream.
    expect(answer.headers.get('cache-control') ?? '').not.toMatch(/public/);
    const again = await ask(url, CHANNEL_PAGE);
    expect(again.headers.get('x-mpi-cache')).not.toBe('HIT');
  });

  test('issue 12: the same partial answer in production mode and in development mode, with no internal address', async () => {
    const down = await addressOfStoppedSubgraph();
    for (const env of ['production', 'development'] as const) {
      const answer = await ask(await gatewayWith({ content: down }, { env }), CHANNEL_PAGE);
      expect(answer.data?.channelBySlug).toMatchObject({ name: 'Magiczny Kraków', documents: null });
      expectUnavailable(answer, 'content');
      expect(answer.errors![0].message).toBe(
        'The content service did not answer, so this part of the answer is missing. Try again in a moment.',
      );
    }
  });

  test("issue 12: with lifecycle down, documents keep their titles, each channel is null at its own path, and content's root field stands beside lifecycle's", async () => {
    const url = await gatewayWith({ lifecycle: await addressOfStoppedSubgraph() });
    const answer = await ask(url, FEED_WITH_CHANNELS);
    expect(answer.status).toBe(200);
    const nodes = answer.data!.documents.nodes as { title: string; channel: unknown }[];
    expect(nodes).toHaveLength(2);
    for (const node of nodes) expect(node).toEqual({ title: expect.any(String), channel: null });
    expect(answer.data!.channels).toBeNull();
    expectUnavailable(answer, 'lifecycle');
    const paths = answer.errors!.map((error) => JSON.stringify(error.path));
    expect(paths).toEqual(
      expect.arrayContaining([
        JSON.stringify(['channels']),
        JSON.stringify(['documents', 'nodes', 0, 'channel', 'name']),
      ]),
    );
    expect(paths).toContain(JSON.stringify(['documents', 'nodes', 1, 'channel', 'name']));
  });

  test('issue 12: a subgraph that answers 502 (a proxy whose upstream is gone) is SUBGRAPH_UNAVAILABLE, not INTERNAL_SERVER_ERROR', async () => {
    const standIn = await startUnreliableSubgraph(platform.subgraphUrls.content, 'bad-gateway');
    standIns.push(standIn);
    const answer = await ask(await gatewayWith({ content: standIn.url }, { env: 'production' }), CHANNEL_PAGE);
    expect(answer.data?.channelBySlug).toMatchObject({ name: 'Magiczny Kraków', documents: null });
    expectUnavailable(answer, 'content');
    expect(JSON.stringify(answer.errors)).not.toContain('upstream');
  });

  test('issue 12: a hanging subgraph costs one timeout per call, then its circuit opens and answers at once; after the cool-down one trial closes it', async () => {
    const standIn = await startUnreliableSubgraph(platform.subgraphUrls.content, 'hang');
    standIns.push(standIn);
    const url = await gatewayWith(
      { content: standIn.url },
      {
        subgraphTimeoutMs: { ...platform.config.subgraphTimeoutMs, content: 300 },
        breaker: { failures: 2, coolDownMs: 1500 },
        responseCache: false,
      },
    );
    for (const attempt of [1, 2]) {
      const answer = await ask(url, CHANNEL_PAGE);
      expect(answer.data?.channelBySlug).toMatchObject({ name: 'Magiczny Kraków', documents: null });
      expectUnavailable(answer, 'content');
      expect(answer.ms).toBeGreaterThanOrEqual(250);
      expect(answer.ms).toBeLessThan(5000);
      expect(standIn.requests).toBe(attempt);
    }
    // Open: the hanging subgraph is not called at all.
    const paused = await ask(url, CHANNEL_PAGE);
    expect(paused.data?.channelBySlug).toMatchObject({ name: 'Magiczny Kraków', documents: null });
    expectUnavailable(paused, 'content');
    expect(paused.errors![0].message).toMatch(/paused after repeated failures/);
    expect(standIn.requests).toBe(2);
    expect((await readiness(url)).body.subgraphs.content.breaker).toBe('open');

    // The subgraph is back; after the cool-down one trial call goes through and closes the circuit.
    standIn.mode = 'forward';
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const whole = await ask(url, CHANNEL_PAGE);
    expect(whole.errors).toBeUndefined();
    expect(whole.data!.channelBySlug.documents.nodes).toHaveLength(2);
    expect((await readiness(url)).body.subgraphs.content.breaker).toBe('closed');
  });

  test('issue 12: /health is liveness and asks no one; /ready reports each subgraph, its database and its breaker', async () => {
    const ready = await readiness(platform.gatewayUrl);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    for (const name of ['organisation', 'access', 'lifecycle', 'content']) {
      expect(ready.body.subgraphs[name]).toEqual({ reachable: true, ready: true, database: 'ok', breaker: 'closed' });
    }

    const degraded = await readiness(await gatewayWith({ content: await addressOfStoppedSubgraph() }));
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.subgraphs.content).toEqual({ reachable: false, ready: false, breaker: 'closed' });
    expect(degraded.body.subgraphs.lifecycle.reachable).toBe(true);

    const down = await addressOfStoppedSubgraph();
    const nothing = await gatewayWith({ organisation: down, access: down, lifecycle: down, content: down });
    expect(await readiness(nothing)).toMatchObject({ status: 503, body: { status: 'not ready' } });
    const health = await fetch(new URL('/health', nothing));
    expect(health.status).toBe(200);
  });

  test('issue 12: a subgraph whose database does not answer is not ready (503), and is ready again once it does', async () => {
    const content = platform.subgraphs.content;
    const ready = new URL('ready', content.url);
    expect(await (await fetch(ready)).json()).toEqual({ status: 'ready', database: 'ok' });
    await content.db.destroy();
    try {
      const notReady = await fetch(ready);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'not ready', database: 'unreachable' });
      expect((await fetch(new URL('health', content.url))).status).toBe(200);
    } finally {
      await content.db.initialize();
    }
    expect((await fetch(ready)).status).toBe(200);
  });
});

describe('issue 12: the circuit breaker of one subgraph, on its own', () => {
  test('opens after N failures in a row, lets one trial through after the cool-down, and closes on its success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 3, coolDownMs: 1000 }, () => now);
    breaker.failed();
    breaker.failed();
    breaker.succeeded(); // not in a row
    for (let i = 0; i < 3; i += 1) {
      expect(breaker.allows()).toBe(true);
      breaker.failed();
    }
    expect(breaker.state).toBe('open');
    expect(breaker.allows()).toBe(false);
    now = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.allows()).toBe(true); // the trial
    expect(breaker.allows()).toBe(false); // others wait for its outcome
    breaker.failed();
    expect(breaker.state).toBe('open'); // a failed trial opens it again at once
    now = 2000;
    expect(breaker.allows()).toBe(true);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.allows()).toBe(true);
  });
});
