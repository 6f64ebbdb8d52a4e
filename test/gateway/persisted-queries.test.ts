import crypto from 'node:crypto';
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, loadConfig } from '../../platform/config';
import { schemaPath } from '../../platform/schema-file';
import { breakingPartnerOperations } from '../../subgraphs/access/domain/partners';
import { startGateway } from '../../gateway';
import { errorCodes, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const op = (name: string, body: string) => ({ id: sha256(body), name, type: 'query', body });
const GRAPHIC_LINE = 'query GraphicLine { graphicLine { version colours { name value } } }';
const FEED = 'query Feed($first: Int) { documents(first: $first) { nodes { title publishedAt } } }';
const CHANNELS = 'query Channels { channels(first: 5) { nodes { name } } }';
const manifest = (...operations: ReturnType<typeof op>[]) =>
  JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations });

async function call(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse & { retryAfter: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    ...((await response.json()) as GraphQLResponse),
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
  };
}
const byId = (id: string, variables: Record<string, unknown> = {}) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: id } },
});

describe('persisted queries: trusted documents for partners, APQ for frontends', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ REDIS_URL: 'redis://127.0.0.1:6379' });
  });
  afterAll(() => platform?.stop());

  async function onboard(name: string, rateLimitPerMinute = 600) {
    const partner = await platform.query(
      'mutation($n: String!, $r: Int) { registerPartner(name: $n, contact: "api@example.pl", rateLimitPerMinute: $r) { id } }',
      { n: name, r: rateLimitPerMinute },
      'anna.kowalczyk',
    );
    const partnerId = partner.data!.registerPartner.id as string;
    const issued = await platform.query(
      'mutation($id: ID!) { issuePartnerKey(partnerId: $id) { key record { prefix } } }',
      { id: partnerId },
      'anna.kowalczyk',
    );
    return { partnerId, key: issued.data!.issuePartnerKey.key as string };
  }
  const upload = (partnerId: string, text: string) =>
    platform.query(
      'mutation($id: ID!, $m: String!) { uploadPersistedQueryManifest(partnerId: $id, manifest: $m) { accepted rejected { name reason } manifest { version state } } }',
      { id: partnerId, m: text },
      'anna.kowalczyk',
    );

  test('a manifest is validated against the supergraph and the ids against the bodies; invalid operations are reported, not stored', async () => {
    const { partnerId } = await onboard('Gazeta Krakowska');
    const response = await upload(
      partnerId,
      manifest(
        op('GraphicLine', GRAPHIC_LINE),
        op('Feed', FEED),
        { ...op('Forged', CHANNELS), id: sha256('something else') },
        op('Broken', '{ nope }'),
      ),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.uploadPersistedQueryManifest).toMatchObject({
      accepted: 2,
      manifest: { version: 1, state: 'ACTIVE' },
    });
    expect(response.data!.uploadPersistedQueryManifest.rejected).toEqual([
      { name: 'Forged', reason: 'the id is not the SHA-256 of the body' },
      { name: 'Broken', reason: 'Cannot query field "nope" on type "Query".' },
    ]);
    expect(errorCodes(await upload(partnerId, '{"format":"other"}'))).toEqual(['BAD_USER_INPUT']);
  });

  test('a partner runs its registered operations by id only: query text and unknown ids are refused', async () => {
    const { partnerId, key } = await onboard('Aggregator Miejski');
    await upload(partnerId, manifest(op('GraphicLine', GRAPHIC_LINE), op('Feed', FEED)));
    const ok = await call(platform.gatewayUrl, byId(sha256(FEED), { first: 3 }), { 'x-api-key': key });
    expect(ok.status).toBe(200);
    expect(ok.data!.documents.nodes).toHaveLength(3);

    const text = await call(platform.gatewayUrl, { query: FEED, variables: { first: 3 } }, { 'x-api-key': key });
    expect([text.status, errorCodes(text)]).toEqual([400, ['PERSISTED_QUERY_REQUIRED']]);
    const unknown = await call(platform.gatewayUrl, byId(sha256(CHANNELS)), { 'x-api-key': key });
    expect([unknown.status, errorCodes(unknown)]).toEqual([400, ['PERSISTED_QUERY_NOT_REGISTERED']]);
    const badKey = await call(platform.gatewayUrl, byId(sha256(FEED)), { 'x-api-key': 'mpi_not-a-key' });
    expect([badKey.status, errorCodes(badKey)]).toEqual([401, ['UNAUTHENTICATED']]);

    // The refusals are counted in the partner's usage, under the id sent or "query-text".
    await platform.gateway.usage.flush();
    const today = new Date().toISOString().slice(0, 10);
    const usage = await platform.query(
      'query($d: String!) { partners { name usage(from: $d, to: $d) { operationId count refused } } }',
      { d: today },
      'anna.kowalczyk',
    );
    const mine = usage.data!.partners.find((p: { name: string }) => p.name === 'Aggregator Miejski').usage;
    expect(mine).toEqual(
      expect.arrayContaining([
        { operationId: sha256(FEED), count: 1, refused: 0 },
        { operationId: 'query-text', count: 0, refused: 1 },
        { operationId: sha256(CHANNELS), count: 0, refused: 1 },
      ]),
    );
  });

  test('a partner may send its registered operation by GET with the id in the query string (cacheable by a CDN)', async () => {
    const { partnerId, key } = await onboard('Mapa Kulturalna');
    await upload(partnerId, manifest(op('Feed', FEED)));
    const url = new URL(platform.gatewayUrl);
    url.searchParams.set('variables', JSON.stringify({ first: 2 }));
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(FEED) } }));
    const headers = { 'x-api-key': key, 'apollo-require-preflight': 'true' };
    const byGet = await fetch(url, { headers });
    expect(byGet.status).toBe(200);
    expect(((await byGet.json()) as GraphQLResponse).data!.documents.nodes).toHaveLength(2);
    url.searchParams.set('query', FEED);
    const withText = await fetch(url, { headers });
    expect([withText.status, errorCodes((await withText.json()) as GraphQLResponse)]).toEqual([
      400,
      ['PERSISTED_QUERY_REQUIRED'],
    ]);
  });

  test('a rotated key stops working at once; the new one works; manifest changes need no restart', async () => {
    const { partnerId, key } = await onboard('System Kultury');
    await upload(partnerId, manifest(op('GraphicLine', GRAPHIC_LINE)));
    const rotated = await platform.query(
      'mutation($id: ID!) { rotatePartnerKey(partnerId: $id) { key } }',
      { id: partnerId },
      'anna.kowalczyk',
    );
    const newKey = rotated.data!.rotatePartnerKey.key as string;
    expect((await call(platform.gatewayUrl, byId(sha256(GRAPHIC_LINE)), { 'x-api-key': key })).status).toBe(401);
    expect((await call(platform.gatewayUrl, byId(sha256(GRAPHIC_LINE)), { 'x-api-key': newKey })).status).toBe(200);

    // v2 adds Channels; v1 stays served as PREVIOUS during the rollout; v3 retires v1.
    expect((await call(platform.gatewayUrl, byId(sha256(CHANNELS)), { 'x-api-key': newKey })).status).toBe(400);
    await upload(partnerId, manifest(op('Channels', CHANNELS)));
    expect((await call(platform.gatewayUrl, byId(sha256(CHANNELS)), { 'x-api-key': newKey })).status).toBe(200);
    expect((await call(platform.gatewayUrl, byId(sha256(GRAPHIC_LINE)), { 'x-api-key': newKey })).status).toBe(200);
    await upload(partnerId, manifest(op('Feed', FEED)));
    expect((await call(platform.gatewayUrl, byId(sha256(GRAPHIC_LINE)), { 'x-api-key': newKey })).status).toBe(400);
  });

  test('per-partner rate limits answer 429 with Retry-After; usage per operation is readable by the editorial office', async () => {
    const { partnerId, key } = await onboard('Portal Sąsiedzki', 3);
    await upload(partnerId, manifest(op('GraphicLine', GRAPHIC_LINE)));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i += 1) {
      const response = await call(platform.gatewayUrl, byId(sha256(GRAPHIC_LINE)), { 'x-api-key': key });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.retryAfter;
        expect(errorCodes(response)).toEqual(['RATE_LIMITED']);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    await platform.gateway.usage.flush();
    const today = new Date().toISOString().slice(0, 10);
    const usage = await platform.query(
      'query($d: String!) { partners { name usage(from: $d, to: $d) { name count refused averageMs maxMs } } }',
      { d: today },
      'anna.kowalczyk',
    );
    const mine = usage.data!.partners.find((p: { name: string }) => p.name === 'Portal Sąsiedzki');
    expect(mine.usage).toEqual([
      { name: 'GraphicLine', count: 3, refused: 1, averageMs: expect.any(Number), maxMs: expect.any(Number) },
    ]);
    expect(errorCodes(await platform.query('{ partners { name } }', {}, 'maria.wisniewska'))).toEqual(['FORBIDDEN']);
  });

  test('APQ for frontends, shared through Redis by two gateway replicas', async () => {
    const query = `query Replicas { graphicLine { version } channels(first: 2) { nodes { slug } } } # ${crypto.randomUUID()}`;
    const second = await startGateway(platform.config, platform.subgraphUrls, 0);
    try {
      const miss = await call(platform.gatewayUrl, byId(sha256(query)));
      expect(errorCodes(miss)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const register = await call(platform.gatewayUrl, {
        query,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
      });
      expect(register.data!.graphicLine.version).toBe('2024.1');
      const onTheOther = await call(second.url, byId(sha256(query)));
      expect(onTheOther.status).toBe(200);
      expect(onTheOther.data).toEqual(register.data);
    } finally {
      await second.stop();
    }
  });

  test('schema-change safety: a supergraph that would break a served partner operation is reported', async () => {
    const { partnerId } = await onboard('Serwis Pogodowy');
    await upload(partnerId, manifest(op('GraphicLine', GRAPHIC_LINE), op('Feed', FEED)));
    const config = loadConfig({});
    const compose = (edit: (sdl: string) => string) =>
      composeServices(
        SUBGRAPH_NAMES.map((name) => {
          const sdl = fs.readFileSync(schemaPath(name), 'utf8');
          return { name, url: config.urls[name], typeDefs: parse(name === 'lifecycle' ? edit(sdl) : sdl) };
        }),
      ).supergraphSdl!;
    const db = platform.subgraphs.access.db;
    expect(
      (
        await breakingPartnerOperations(
          db,
          compose((sdl) => sdl),
        )
      ).filter((b) => b.partner === 'Serwis Pogodowy'),
    ).toEqual([]);
    // Drop Query.graphicLine from lifecycle: the partner's GraphicLine operation would break.
    const withoutGraphicLine = compose((sdl) =>
      sdl.replace(/\n {2}"The current graphic line[^\n]*\n {2}graphicLine: GraphicLineVersion\n/, '\n'),
    );
    const broken = (await breakingPartnerOperations(db, withoutGraphicLine)).filter(
      (b) => b.partner === 'Serwis Pogodowy',
    );
    expect(broken).toEqual([
      {
        partner: 'Serwis Pogodowy',
        operation: 'GraphicLine',
        problem: 'Cannot query field "graphicLine" on type "Query".',
      },
    ]);
  });

  test('query plans of a newly activated manifest are warmed by the gateway before first use', async () => {
    const { partnerId } = await onboard('Tablica Ogłoszeń');
    const body = `query Warm { channels(first: 1) { nodes { slug } } } # ${crypto.randomUUID()}`;
    await upload(partnerId, manifest(op('Warm', body)));
    await platform.gateway.warmer.warm();
    expect(platform.gateway.warmer.warmed.has(sha256(body))).toBe(true);
  });

  test('the gateway answers health checks and exposes Prometheus metrics', async () => {
    const response = await fetch(platform.gatewayUrl.replace('/graphql', '/health'));
    expect(await response.json()).toEqual({ status: 'ok' });
    const metrics = await (await fetch(platform.gateway.metricsUrl)).text();
    expect(metrics).toMatch(/mpi_gateway_request_duration_seconds_count\{client="partner",status="200"\} [1-9]/);
    expect(metrics).toMatch(/mpi_gateway_refusals_total\{code="RATE_LIMITED"\} [1-9]/);
  });
});
