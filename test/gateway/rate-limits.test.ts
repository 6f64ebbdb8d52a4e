import crypto from 'node:crypto';
import { ConfigError, loadConfig } from '../../platform/config';
import { clientAddress } from '../../gateway/client-address';
import { startGateway } from '../../gateway';
import { errorCodes, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const GRAPHIC_LINE = '{ graphicLine { version } }';

interface Reply extends GraphQLResponse {
  headers: Headers;
}

/** A POST as a client behind the platform's proxy (127.0.0.1 is a trusted proxy here): `from` is the address it forwards. */
async function call(
  url: string,
  body: unknown,
  options: { from?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.from) headers['x-forwarded-for'] = options.from;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { ...((await response.json()) as GraphQLResponse), status: response.status, headers: response.headers };
}

async function get(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Reply> {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params))
    target.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(target, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  const text = await response.text();
  return { ...(text ? (JSON.parse(text) as GraphQLResponse) : {}), status: response.status, headers: response.headers };
}

const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

function expectRateLimited(reply: Reply, who: RegExp): void {
  expect([reply.status, errorCodes(reply)]).toEqual([429, ['RATE_LIMITED']]);
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(reply.errors![0].message).toMatch(who);
  expect(reply.errors![0].message).toMatch(new RegExp(`Try again in ${retryAfter} s\\.$`));
  expect(reply.errors![0].extensions).toMatchObject({ retryAfterSeconds: retryAfter });
}

describe('issue 12: rate limits per client at the gateway', () => {
  let platform: TestPlatform;
  // Each test speaks from its own addresses, so the counts of one do not spill into another.
  const address = (n: number) => `203.0.113.${n}`;

  beforeAll(async () => {
    platform = await startTestPlatform({
      REDIS_URL: 'redis://127.0.0.1:6379',
      TRUSTED_PROXIES: '127.0.0.1, ::1',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
      RATE_LIMIT_ACCOUNT_PER_MINUTE: '5',
    });
  });
  afterAll(() => platform?.stop());

  test('issue 12: an anonymous caller over its limit gets 429 RATE_LIMITED with Retry-After; another address does not, nor do health checks', async () => {
    for (let i = 0; i < 3; i += 1)
      expect((await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(10) })).status).toBe(200);
    expectRateLimited(
      await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(10) }),
      /from this address without signing in: the limit is 3 a minute/,
    );
    const other = await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(11) });
    expect([other.status, other.data]).toEqual([200, { graphicLine: { version: '2024.1' } }]);
    // A chain through the trusted proxy: the client is the last address it did not add; what the client wrote itself is ignored.
    expectRateLimited(
      await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: `198.51.100.7, ${address(10)}` }),
      /the limit is 3/,
    );
    const health = await fetch(platform.gatewayUrl.replace('/graphql', '/health'), {
      headers: { 'x-forwarded-for': address(10) },
    });
    expect(health.status).toBe(200);
  });

  test('issue 12: X-Forwarded-For is believed only from a configured proxy; without TRUSTED_PROXIES a made-up address changes nothing', async () => {
    const direct = await startGateway(
      { ...platform.config, trustedProxies: [], redisPrefix: `${platform.config.redisPrefix}-direct` },
      platform.subgraphUrls,
      0,
    );
    try {
      for (let i = 0; i < 3; i += 1)
        expect((await call(direct.url, { query: GRAPHIC_LINE }, { from: address(20 + i) })).status).toBe(200);
      expectRateLimited(await call(direct.url, { query: GRAPHIC_LINE }, { from: address(23) }), /from this address/);
    } finally {
      await direct.stop();
    }
  });

  test('issue 12: the account limit applies per signed-in account, apart from anonymous callers at the same address; a bad token counts by address', async () => {
    const maria = { authorization: `Bearer ${await platform.token('maria.wisniewska')}` };
    const piotr = { authorization: `Bearer ${await platform.token('piotr.nowak')}` };
    for (let i = 0; i < 5; i += 1)
      expect(
        (await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(30), headers: maria })).status,
      ).toBe(200);
    expectRateLimited(
      await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(31), headers: maria }),
      /for this account: the limit is 5 a minute/,
    );
    expect(
      (await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(30), headers: piotr })).status,
    ).toBe(200);
    expect((await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(30) })).status).toBe(200);

    const forged = { authorization: 'Bearer not-a-token' };
    for (let i = 0; i < 3; i += 1) {
      const refused = await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(32), headers: forged });
      expect([refused.status, errorCodes(refused)]).toEqual([401, ['UNAUTHENTICATED']]);
    }
    expectRateLimited(
      await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from: address(32), headers: forged }),
      /from this address/,
    );
  });

  test('issue 12: an answer from the response cache, or a 304 for its ETag, counts like any other', async () => {
    const query = `{ graphicLine { version colours { name } } } # ${crypto.randomUUID()}`;
    const from = { 'x-forwarded-for': address(40) };
    const miss = await get(platform.gatewayUrl, { query }, from);
    expect([miss.status, miss.headers.get('x-mpi-cache')]).toEqual([200, 'MISS']);
    const hit = await get(platform.gatewayUrl, { query }, from);
    expect([hit.status, hit.headers.get('x-mpi-cache')]).toEqual([200, 'HIT']);
    const notModified = await get(
      platform.gatewayUrl,
      { query },
      { ...from, 'if-none-match': hit.headers.get('etag')! },
    );
    expect(notModified.status).toBe(304);
    expectRateLimited(await get(platform.gatewayUrl, { query }, from), /from this address/);
    expect(
      (await get(platform.gatewayUrl, { query }, { 'x-forwarded-for': address(41) })).headers.get('x-mpi-cache'),
    ).toBe('HIT');
  });

  test("issue 12: a partner's manifest id without its key runs nothing, from APQ or the response cache, and counts as anonymous", async () => {
    const registered = await platform.query(
      'mutation { registerPartner(name: "Kurier Limitów", contact: "api@example.pl", rateLimitPerMinute: 3) { id } }',
      {},
      'anna.kowalczyk',
    );
    const partnerId = registered.data!.registerPartner.id as string;
    const issued = await platform.query(
      'mutation($id: ID!) { issuePartnerKey(partnerId: $id) { key } }',
      { id: partnerId },
      'anna.kowalczyk',
    );
    const key = issued.data!.issuePartnerKey.key as string;
    const body = `query PartnerLine { graphicLine { version } } # ${crypto.randomUUID()}`;
    const manifest = {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256(body), name: 'PartnerLine', type: 'query', body }],
    };
    const upload = await platform.query(
      'mutation($id: ID!, $m: String!) { uploadPersistedQueryManifest(partnerId: $id, manifest: $m) { accepted } }',
      { id: partnerId, m: JSON.stringify(manifest) },
      'anna.kowalczyk',
    );
    expect(upload.data!.uploadPersistedQueryManifest.accepted).toBe(1);

    // The partner, from an address of its own: by POST, then twice by GET (from the response cache); then over its limit.
    const partner = { 'x-api-key': key, 'x-forwarded-for': address(50) };
    expect((await call(platform.gatewayUrl, byId(sha256(body)), { headers: partner })).headers.get('x-mpi-cache')).toBe(
      'MISS',
    );
    for (let i = 0; i < 2; i += 1)
      expect((await get(platform.gatewayUrl, byId(sha256(body)), partner)).headers.get('x-mpi-cache')).toBe('HIT');
    expectRateLimited(
      await call(platform.gatewayUrl, byId(sha256(body)), { headers: partner }),
      /for this API key: the limit is 3 a minute/,
    );

    // The same id without the key, from the same address: neither APQ nor the response cache knows it.
    const keyless = await call(platform.gatewayUrl, byId(sha256(body)), { from: address(50) });
    expect(errorCodes(keyless)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const keylessGet = await get(platform.gatewayUrl, byId(sha256(body)), { 'x-forwarded-for': address(50) });
    expect([errorCodes(keylessGet), keylessGet.headers.get('x-mpi-cache')]).toEqual([
      ['PERSISTED_QUERY_NOT_FOUND'],
      'MISS',
    ]);
    // Keyless APQ is an anonymous request: registering the text is the third of the address's three...
    const registering = await call(platform.gatewayUrl, { query: body, ...byId(sha256(body)) }, { from: address(50) });
    expect(registering.data).toEqual({ graphicLine: { version: '2024.1' } });
    // ...and the fourth, by id, is over the anonymous limit.
    expectRateLimited(
      await call(platform.gatewayUrl, byId(sha256(body)), { from: address(50) }),
      /from this address without signing in/,
    );

    // A made-up key is refused and counted by address, so keys cannot be guessed past the limit.
    for (let i = 0; i < 3; i += 1) {
      const refused = await call(platform.gatewayUrl, byId(sha256(body)), {
        from: address(51),
        headers: { 'x-api-key': `mpi_guess-${i}` },
      });
      expect([refused.status, errorCodes(refused)]).toEqual([401, ['UNAUTHENTICATED']]);
    }
    expectRateLimited(
      await call(platform.gatewayUrl, byId(sha256(body)), {
        from: address(51),
        headers: { 'x-api-key': 'mpi_guess-3' },
      }),
      /from this address/,
    );
  });

  test('issue 12: with Redis, two gateway replicas share the count', async () => {
    const second = await startGateway(platform.config, platform.subgraphUrls, 0);
    try {
      const from = address(60);
      expect((await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from })).status).toBe(200);
      expect((await call(second.url, { query: GRAPHIC_LINE }, { from })).status).toBe(200);
      expect((await call(platform.gatewayUrl, { query: GRAPHIC_LINE }, { from })).status).toBe(200);
      expectRateLimited(await call(second.url, { query: GRAPHIC_LINE }, { from }), /the limit is 3 a minute/);
    } finally {
      await second.stop();
    }
  });
});

describe('issue 12: rate-limit configuration and the client address', () => {
  test('issue 12: defaults no frontend or dashboard reaches; 0 turns a limit off; TRUSTED_PROXIES is empty unless set and checked', () => {
    expect(loadConfig({}).rateLimits).toEqual({ anonymousPerMinute: 1200, accountPerMinute: 1200 });
    expect(loadConfig({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0', RATE_LIMIT_ACCOUNT_PER_MINUTE: '0' }).rateLimits).toEqual(
      { anonymousPerMinute: 0, accountPerMinute: 0 },
    );
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5, fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: 'lots' })).toThrow(
      /RATE_LIMIT_ANONYMOUS_PER_MINUTE="lots" must be a whole number/,
    );
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33, *' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.local' })).toThrow(
      /TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range/,
    );
  });

  test('issue 12: the client address: the peer unless it is a trusted proxy; forwarded hops read from the right; IPv6 by its /64', () => {
    const none = clientAddress([]);
    expect(none('198.51.100.1', '203.0.113.9')).toBe('198.51.100.1');
    expect(none('::ffff:198.51.100.1', undefined)).toBe('198.51.100.1');
    const behind = clientAddress(['10.0.0.0/8']);
    expect(behind('10.0.0.2', '203.0.113.9')).toBe('203.0.113.9');
    expect(behind('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.7')).toBe('203.0.113.9');
    expect(behind('198.51.100.1', '203.0.113.9')).toBe('198.51.100.1');
    expect(behind('10.0.0.2', 'unknown')).toBe('10.0.0.2');
    expect(none('2001:db8:0:1:aaaa::1', undefined)).toBe('2001:db8:0:1::/64');
    expect(none('2001:db8::1', undefined)).toBe(none('2001:db8:0:0:ffff::2', undefined));
    expect(none('2001:db8::1', undefined)).not.toBe(none('2001:db8:0:1::1', undefined));
  });
});
