/**
 * Issue 12, "Subgraphs as an attack surface": a subgraph called straight over HTTP, as somebody on the cluster
 * network would, answers only a request the platform signed (platform/request-signature.ts), holds even a
 * signed one to the gateway's limits and error masking, sends no CORS headers, and answers malformed JSON
 * with a JSON error. The gateway's own path keeps working, and its metrics are not on the public port.
 */
import fs from 'node:fs';
import { SUBGRAPH_NAMES } from '../../platform/config';
import { internalSecret } from '../../platform/service-auth';
import { SIGNATURE_WINDOW_SECONDS, signSubgraphRequest } from '../../platform/request-signature';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { startStockGateway } from '../../bench/stock-gateway';

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
}

interface SendOptions {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Sign with this secret (at `now`, default the present moment). */
  secret?: Uint8Array | string;
  now?: number;
}

async function send(url: string, options: SendOptions = {}): Promise<Sent> {
  const method = options.method ?? 'POST';
  const target = new URL(url);
  const headers: Record<string, string> = {
    ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  if (options.secret !== undefined) {
    Object.assign(
      headers,
      signSubgraphRequest(
        options.secret,
        { method, path: `${target.pathname}${target.search}`, body: options.body ?? '' },
        options.now,
      ),
    );
  }
  const response = await fetch(url, { method, headers, body: options.body });
  const text = await response.text();
  let body: Sent['body'];
  try {
    body = JSON.parse(text) as Sent['body'];
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const codes = (sent: Sent) => (sent.body?.errors ?? []).map((error) => error.extensions?.code);
const FEED = '{ documents(first: 3) { nodes { title responsibleUnit { name } channel { name } } } }';

/** What a malformed body must never produce: a page, a stack trace, the server's file paths. */
function expectJsonError(sent: Sent, status: number, code: string): void {
  expect(sent.status).toBe(status);
  expect(sent.headers.get('content-type')).toMatch(/^application\/json/);
  expect(codes(sent)).toEqual([code]);
  expect(sent.text).not.toMatch(/<html|<pre|stacktrace|\bat .*\.(js|ts):\d+|\/work\/|node_modules/i);
}

describe('issue 12: subgraphs as an attack surface, in production', () => {
  let platform: TestPlatform;
  let secret: string;
  beforeAll(async () => {
    secret = 'issue-12-internal-secret-'.repeat(2);
    // Production needs Sezam's JWKS address and the shared secret; the requests here are anonymous.
    platform = await startTestPlatform({
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      INTERNAL_SECRET: secret,
      RESPONSE_CACHE: 'off',
    });
  });
  afterAll(() => platform?.stop());

  test('issue 12: an unsigned request to a subgraph is refused with 401 SIGNATURE_REQUIRED; /health stays open', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const url = platform.subgraphUrls[name];
      const post = await send(url, { body: json('{ __typename }') });
      expectJsonError(post, 401, 'SIGNATURE_REQUIRED');
      expect(post.body!.data).toBeUndefined();
      const get = await send(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
        method: 'GET',
        headers: { 'apollo-require-preflight': 'true' },
      });
      expectJsonError(get, 401, 'SIGNATURE_REQUIRED');
      const health = await send(url.replace('/graphql', '/health'), { method: 'GET' });
      expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
    }
  });

  test('issue 12: a request signed with another secret, or changed after signing, is refused with 403 SIGNATURE_INVALID', async () => {
    const url = platform.subgraphUrls.access;
    const wrongSecret = await send(url, { body: json('{ __typename }'), secret: 'not-the-internal-secret-'.repeat(2) });
    expectJsonError(wrongSecret, 403, 'SIGNATURE_INVALID');
    // Signed for one query, sent with another.
    const honest = signSubgraphRequest(secret, { method: 'POST', path: '/graphql', body: json('{ __typename }') });
    const tampered = await send(url, { body: json('{ accounts { nodes { login } } }'), headers: honest });
    expectJsonError(tampered, 403, 'SIGNATURE_INVALID');
    const garbage = await send(url, {
      body: json('{ __typename }'),
      headers: { 'x-mpi-signed-at': String(Math.floor(Date.now() / 1000)), 'x-mpi-signature': 'v1=00' },
    });
    expectJsonError(garbage, 403, 'SIGNATURE_INVALID');
    expect((await send(url, { body: json('{ __typename }'), secret })).body).toEqual({ data: { __typename: 'Query' } });
  });

  test('issue 12: a signed request replayed after the validity window is refused with 403 SIGNATURE_EXPIRED', async () => {
    const url = platform.subgraphUrls.content;
    const body = json(FEED.replace(' responsibleUnit { name } channel { name }', ''));
    const captured = Date.now() - (SIGNATURE_WINDOW_SECONDS + 60) * 1000;
    expectJsonError(await send(url, { body, secret, now: captured }), 403, 'SIGNATURE_EXPIRED');
    expectJsonError(
      await send(url, { body, secret, now: Date.now() + (SIGNATURE_WINDOW_SECONDS + 60) * 1000 }),
      403,
      'SIGNATURE_EXPIRED',
    );
    const fresh = await send(url, { body, secret });
    expect(fresh.status).toBe(200);
    expect(fresh.body!.data.documents.nodes.length).toBeGreaterThan(0);
  });

  test("issue 12: even a signed request is held to the gateway's limits: 300 aliases, depth, tokens", async () => {
    const url = platform.subgraphUrls.lifecycle;
    const aliases = await send(url, {
      body: json(`{ ${Array.from({ length: 300 }, (_, i) => `a${i}: graphicLine { version }`).join(' ')} }`),
      secret,
    });
    expect(aliases.status).toBe(400);
    expect(codes(aliases)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(aliases.body!.errors![0].message).toBe(
      'Aliases limit of 15 exceeded (found 300); split the query into smaller ones.',
    );
    expect(aliases.body!.data).toBeUndefined();

    const deep =
      '{ editorialOffice { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } }';
    const tooDeep = await send(platform.subgraphUrls.organisation, { body: json(deep), secret });
    expect(codes(tooDeep)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(tooDeep.body!.errors![0].message).toMatch(/^Query depth limit of 10 exceeded/);

    const long = await send(url, {
      body: json(`{ ${Array.from({ length: 2100 }, () => '__typename').join(' ')} }`),
      secret,
    });
    expect(codes(long)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(long.body!.errors![0].message).toBe(
      'The query is longer than the limit of 2000 tokens; split it into smaller queries.',
    );
  });

  test('issue 12: no "Did you mean" from a subgraph in production, even to a signed caller', async () => {
    const url = platform.subgraphUrls.lifecycle;
    for (const query of [
      '{ channels(first: 1) { nodes { nam } } }',
      '{ channel { name } }',
      '{ channels(frist: 1) { nodes { name } } }',
      '{ channels(kind: WEBSIT) { nodes { name } } }',
    ]) {
      const sent = await send(url, { body: json(query), secret });
      expect(codes(sent)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(sent.text).not.toMatch(/Did you mean|"name"\?|WEBSITE|"first"/);
    }
  });

  test('issue 12: _service { sdl } is read only by signed callers', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const url = platform.subgraphUrls[name];
      const unsigned = await send(url, { body: json('{ _service { sdl } }') });
      expectJsonError(unsigned, 401, 'SIGNATURE_REQUIRED');
      expect(unsigned.text).not.toMatch(/type |@key/);
      const signed = await send(url, { body: json('{ _service { sdl } }'), secret });
      expect(signed.body!.data._service.sdl).toMatch(/@key/);
    }
  });

  test('issue 12: subgraphs send no CORS headers, to a preflight or a request with an Origin', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const url = platform.subgraphUrls[name];
      const origin = { origin: 'https://evil.example' };
      const preflight = await send(url, {
        method: 'OPTIONS',
        headers: {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      const signed = await send(url, { body: json('{ __typename }'), headers: origin, secret });
      const unsigned = await send(url, { body: json('{ __typename }'), headers: origin });
      expect(signed.status).toBe(200);
      for (const sent of [preflight, signed, unsigned]) {
        expect([...sent.headers.keys()].filter((header) => header.startsWith('access-control-'))).toEqual([]);
      }
    }
  });

  test('issue 12: malformed JSON is a JSON 400 BAD_REQUEST when signed, 401 when not: never HTML or a stack trace', async () => {
    const url = platform.subgraphUrls.content;
    for (const body of ['{"query": "{ __typename }"', 'not json at all', '{"query":']) {
      expectJsonError(await send(url, { body, secret }), 400, 'BAD_REQUEST');
      expectJsonError(await send(url, { body }), 401, 'SIGNATURE_REQUIRED');
    }
  });

  test('issue 12: the gateway path still works: a federated feed, _service refused at the gateway', async () => {
    const feed = await platform.query(FEED);
    expect(feed.errors).toBeUndefined();
    expect(feed.data!.documents.nodes).toHaveLength(3);
    expect(feed.data!.documents.nodes[0].responsibleUnit.name).toEqual(expect.any(String));
    expect(feed.data!.documents.nodes[0].channel.name).toEqual(expect.any(String));
    expect((await platform.query('{ _service { sdl } }')).errors![0].extensions!.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
  });

  test('issue 12: stock @apollo/gateway (the bench peer) signing in willSendRequest gets the same feed; with another secret, nothing', async () => {
    const start = (withSecret: string) =>
      startStockGateway({
        supergraphSdl: fs.readFileSync(platform.config.supergraphPath, 'utf8'),
        urls: platform.subgraphUrls,
        secret: withSecret,
        host: '127.0.0.1',
        port: 0,
      });
    const feed = JSON.stringify({ query: FEED });
    const ask = async (url: string) => send(url, { body: feed });
    const stock = await start(secret);
    const impostor = await start('not-the-internal-secret-'.repeat(2));
    try {
      const ours = await ask(platform.gatewayUrl);
      const theirs = await ask(stock.url);
      expect(theirs.body).toEqual(ours.body);
      expect(theirs.body!.errors).toBeUndefined();
      const refused = await ask(impostor.url);
      expect(refused.body!.data?.documents ?? null).toBeNull();
      expect(refused.body!.errors!.length).toBeGreaterThan(0);
    } finally {
      await stock.stop();
      await impostor.stop();
    }
  });

  test("issue 12: /metrics is not on the gateway's public port; it is served on METRICS_PORT", async () => {
    const publicMetrics = await send(platform.gatewayUrl.replace('/graphql', '/metrics'), { method: 'GET' });
    expect(publicMetrics.status).toBe(404);
    expect(publicMetrics.text).not.toMatch(/mpi_gateway_/);
    const metricsUrl = (platform.gateway as { metricsUrl?: string }).metricsUrl;
    expect(metricsUrl).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/));
    expect(new URL(metricsUrl!).port).not.toBe(new URL(platform.gatewayUrl).port);
    const scraped = await send(metricsUrl!, { method: 'GET' });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toMatch(/mpi_gateway_request_duration_seconds_count/);
  });
});

describe('issue 12: subgraphs as an attack surface, in development', () => {
  let platform: TestPlatform;
  let secret: Uint8Array;
  beforeAll(async () => {
    platform = await startTestPlatform({ NODE_ENV: 'development', RESPONSE_CACHE: 'off' });
    secret = await internalSecret(platform.config);
  });
  afterAll(() => platform?.stop());

  test('issue 12: in development too, malformed JSON is a JSON error without a stack trace, and unsigned requests are refused', async () => {
    const url = platform.subgraphUrls.organisation;
    expectJsonError(await send(url, { body: '{"query": ', secret }), 400, 'BAD_REQUEST');
    expectJsonError(await send(url, { body: '{"query": ' }), 401, 'SIGNATURE_REQUIRED');
    expectJsonError(await send(url, { body: json('{ _service { sdl } }') }), 401, 'SIGNATURE_REQUIRED');
    const preflight = await send(url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect([...preflight.headers.keys()].filter((header) => header.startsWith('access-control-'))).toEqual([]);
    // Signed, a subgraph still answers (suggestions are allowed in development only).
    const feed = await platform.query(FEED);
    expect(feed.errors).toBeUndefined();
  });
});
