/**
 * Issue 10, the public front door: CORS, cache hints combined into one Cache-Control, ETag and 304,
 * GET for queries (never for mutations), compression, the response cache and its invalidation by
 * what an answer holds, and each distinct entity sent once to a subgraph.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { startGateway } from '../../gateway';
import { distinctRepresentations, spreadEntities } from '../../gateway/datasource';
import { cultureDocument } from '../support/documents';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const FEED =
  'query Feed { documents(first: 20) { nodes { title responsibleUnit { name head { name } } channel { name kind status } } } }';
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const JSON_HEADERS = { 'content-type': 'application/json' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

function getUrl(base: string, params: Record<string, unknown>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params))
    url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return url.toString();
}

describe('issue 10: the public front door', () => {
  let platform: TestPlatform;
  const ORIGIN = 'https://www.krakow.pl';
  beforeAll(async () => {
    platform = await startTestPlatform({ CORS_ORIGINS: `${ORIGIN},https://bip.krakow.pl` });
  });
  afterAll(() => platform?.stop());

  describe('CORS', () => {
    test('a preflight from an origin on the list is answered with the methods and headers clients send', async () => {
      const response = await fetch(platform.gatewayUrl, {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-api-key',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      for (const name of ['authorization', 'content-type', 'x-api-key', 'apollo-require-preflight', 'if-none-match']) {
        expect(response.headers.get('access-control-allow-headers')).toContain(name);
      }
      expect(response.headers.get('vary')).toContain('Origin');
    });

    test('an origin not on the list gets no CORS headers at all, not an error page', async () => {
      const preflight = await fetch(platform.gatewayUrl, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect([...preflight.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
      const answer = await post(
        platform.gatewayUrl,
        { query: '{ graphicLine { version } }' },
        { origin: 'https://evil.example' },
      );
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('vary')).toContain('Origin');
    });
  });

  describe('cache hints and HTTP caching', () => {
    test('a public feed is public with a max-age; an answer about the caller is never public', async () => {
      const feed = await post(platform.gatewayUrl, { query: FEED });
      expect(feed.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
      const viewer = await post(
        platform.gatewayUrl,
        { query: '{ viewer { login } }' },
        { authorization: `Bearer ${await platform.token('anna.kowalczyk')}` },
      );
      expect(viewer.body.data!.viewer.login).toBe('anna.kowalczyk');
      expect(viewer.headers.get('cache-control')).not.toMatch(/public/);
      const grants = await post(
        platform.gatewayUrl,
        { query: '{ viewer { grants(first: 5) { nodes { id } } } }' },
        { authorization: `Bearer ${await platform.token('tomasz.zielinski')}` },
      );
      expect(grants.headers.get('cache-control')).not.toMatch(/public/);
    });

    test('GET serves queries with an ETag; If-None-Match gets 304; a malformed one gets a clear 400', async () => {
      const url = getUrl(platform.gatewayUrl, { query: '{ graphicLine { version colours { name value } } }' });
      const first = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\/".+"$/);
      const again = await fetch(url, { headers: { 'apollo-require-preflight': 'true', 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      const malformed = await fetch(url, {
        headers: { 'apollo-require-preflight': 'true', 'if-none-match': 'not-an-etag' },
      });
      expect(malformed.status).toBe(400);
      expect(
        ((await malformed.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).toBe('BAD_REQUEST');
    });

    test('GET with an APQ hash runs the registered query; a malformed query string is a clear 400', async () => {
      const query = `query ApqGet { channels(first: 3) { nodes { slug } } } # ${crypto.randomUUID()}`;
      const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
      const registered = await post(platform.gatewayUrl, { query, extensions });
      expect(registered.body.data!.channels.nodes).toHaveLength(3);
      const byHash = await fetch(getUrl(platform.gatewayUrl, { extensions }), {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(byHash.status).toBe(200);
      expect(((await byHash.json()) as { data: unknown }).data).toEqual(registered.body.data);
      const broken = await fetch(`${platform.gatewayUrl}?query=%7B__typename%7D&variables=%7Bnot-json`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
        /"variables" parameter/,
      );
    });

    test('a body over 1 MB gets 413 and the connection is closed, not left half-read', async () => {
      const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const request = http.request(
          platform.gatewayUrl,
          { method: 'POST', headers: JSON_HEADERS, agent: new http.Agent({ keepAlive: true }) },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` }));
      });
      expect(answer).toEqual({ status: 413, connection: 'close' });
      expect((await post(platform.gatewayUrl, { query: '{ __typename }' })).status).toBe(200);
    });

    test('a mutation is never served over GET', async () => {
      const url = getUrl(platform.gatewayUrl, { query: 'mutation { publishDocument(id: "x") { id } }' });
      const response = await fetch(url, {
        headers: {
          'apollo-require-preflight': 'true',
          authorization: `Bearer ${await platform.token('tomasz.zielinski')}`,
        },
      });
      expect(response.status).toBe(405);
    });

    test('answers over 1 KB are compressed as the client accepts (br, gzip); small ones are not', async () => {
      const raw = (encoding: string) =>
        new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
          const request = http.request(
            platform.gatewayUrl,
            { method: 'POST', headers: { ...JSON_HEADERS, 'accept-encoding': encoding } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
            },
          );
          request.on('error', reject);
          request.end(JSON.stringify({ query: FEED }));
        });
      const plain = await raw('identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBeGreaterThan(1024);
      const br = await raw('gzip;q=0.5, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
      expect(br.body.length).toBeLessThan(plain.body.length / 2);
      const gzip = await raw('gzip');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gzip.body).toString()).toBe(plain.body.toString());
      const small = await post(
        platform.gatewayUrl,
        { query: '{ graphicLine { version } }' },
        { 'accept-encoding': 'br' },
      );
      expect(small.headers.get('content-encoding')).toBeNull();
    });
  });

  describe('the response cache', () => {
    test('a public feed is served from the cache, and a publication shows in the very next read', async () => {
      const query = `${FEED} # ${crypto.randomUUID()}`;
      const first = await post(platform.gatewayUrl, { query });
      expect(first.headers.get('x-mpi-cache')).toBe('MISS');
      const second = await post(platform.gatewayUrl, { query });
      expect(second.headers.get('x-mpi-cache')).toBe('HIT');
      expect(second.body).toEqual(first.body);
      const metrics = await (await fetch(platform.gateway.metricsUrl)).text();
      expect(metrics).toMatch(/mpi_gateway_response_cache_total\{result="hit"\} [1-9]/);

      await cultureDocument(platform, { title: 'Nowość w pamięci podręcznej' });
      const after = await post(platform.gatewayUrl, { query });
      expect(after.headers.get('x-mpi-cache')).toBe('MISS');
      expect(after.body.data!.documents.nodes[0].title).toBe('Nowość w pamięci podręcznej');
    });

    test('editing a published document drops the cached answers that hold it, and only those', async () => {
      const id = await cultureDocument(platform, { title: 'Przed zmianą' });
      const one = `query One($id: ID!) { document(id: $id) { title } }`;
      const units = '{ units(first: 5) { nodes { name } } }';
      await post(platform.gatewayUrl, { query: one, variables: { id } });
      await post(platform.gatewayUrl, { query: units });
      expect((await post(platform.gatewayUrl, { query: one, variables: { id } })).headers.get('x-mpi-cache')).toBe(
        'HIT',
      );
      const edited = await platform.query(
        'mutation($id: ID!) { updateDocument(id: $id, input: { title: "Po zmianie" }, reason: "Literówka") { title } }',
        { id },
        'tomasz.zielinski',
      );
      expect(edited.errors).toBeUndefined();
      const read = await post(platform.gatewayUrl, { query: one, variables: { id } });
      expect(read.body.data!.document.title).toBe('Po zmianie');
      expect((await post(platform.gatewayUrl, { query: units })).headers.get('x-mpi-cache')).toBe('HIT');
    });

    test('an attachment added to a published document shows in the next read of it', async () => {
      const id = await cultureDocument(platform, { title: 'Regulamin konkursu' });
      const query = 'query Files($id: ID!) { document(id: $id) { attachments { fileName } } }';
      await post(platform.gatewayUrl, { query, variables: { id } });
      expect((await post(platform.gatewayUrl, { query, variables: { id } })).headers.get('x-mpi-cache')).toBe('HIT');
      const added = await platform.query(
        'mutation($id: ID!, $input: AttachmentInput!) { addAttachment(documentId: $id, input: $input) { fileName } }',
        {
          id,
          input: {
            fileName: 'regulamin.txt',
            mediaType: 'text/plain',
            contentBase64: Buffer.from('Zasady').toString('base64'),
          },
        },
        'tomasz.zielinski',
      );
      expect(added.errors).toBeUndefined();
      const read = await post(platform.gatewayUrl, { query, variables: { id } });
      expect(read.body.data!.document.attachments).toEqual([{ fileName: 'regulamin.txt' }]);
    });

    test('a private answer is never stored, nor served to another caller or to the public', async () => {
      const proposed = await platform.query(
        '{ channels(status: PROPOSED, first: 1) { nodes { id name } } }',
        {},
        'anna.kowalczyk',
      );
      const channel = proposed.data!.channels.nodes[0];
      expect(channel).toBeDefined();
      const query = `query Hidden($id: ID!) { channel(id: $id) { name } } # ${crypto.randomUUID()}`;
      const anna = { authorization: `Bearer ${await platform.token('anna.kowalczyk')}` };
      for (let i = 0; i < 2; i++) {
        const seen = await post(platform.gatewayUrl, { query, variables: { id: channel.id } }, anna);
        expect(seen.body.data!.channel.name).toBe(channel.name);
        expect(seen.headers.get('x-mpi-cache')).not.toBe('HIT');
      }
      const anonymous = await post(platform.gatewayUrl, { query, variables: { id: channel.id } });
      expect(anonymous.body.data!.channel).toBeNull();
      const viewer = '{ viewer { login } }';
      await post(platform.gatewayUrl, { query: viewer }, anna);
      const other = await post(
        platform.gatewayUrl,
        { query: viewer },
        { authorization: `Bearer ${await platform.token('tomasz.zielinski')}` },
      );
      expect(other.body.data!.viewer.login).toBe('tomasz.zielinski');
      expect((await post(platform.gatewayUrl, { query: viewer })).body.data!.viewer).toBeNull();
    });

    test('a signed-in request shares a public answer only where nobody looked at who was calling', async () => {
      const query = `{ graphicLine { version } } # ${crypto.randomUUID()}`;
      const anna = { authorization: `Bearer ${await platform.token('anna.kowalczyk')}` };
      const tomasz = { authorization: `Bearer ${await platform.token('tomasz.zielinski')}` };
      expect((await post(platform.gatewayUrl, { query }, anna)).headers.get('x-mpi-cache')).toBe('MISS');
      expect((await post(platform.gatewayUrl, { query }, tomasz)).headers.get('x-mpi-cache')).toBe('HIT');
      const bad = await post(platform.gatewayUrl, { query }, { authorization: 'Bearer not-a-token' });
      expect(bad.status).toBe(401);
    });
  });

  test('each distinct entity is sent once: 20 documents of a few units ask organisation for those units', async () => {
    const seen: number[] = [];
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString();
        const representations = (JSON.parse(body) as { variables?: { representations?: unknown[] } }).variables
          ?.representations;
        if (representations) seen.push(representations.length);
        const upstream = await fetch(platform.subgraphUrls.organisation, {
          method: 'POST',
          headers: { ...(req.headers as Record<string, string>), 'content-length': String(Buffer.byteLength(body)) },
          body,
        });
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const urls = {
      ...platform.subgraphUrls,
      organisation: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`,
    };
    const gateway = await startGateway({ ...platform.config, responseCache: false }, urls, 0);
    try {
      const response = await post(gateway.url, { query: FEED });
      const units = new Set(
        response.body.data!.documents.nodes.map((d: { responsibleUnit: { name: string } }) => d.responsibleUnit.name),
      );
      expect(response.body.data!.documents.nodes).toHaveLength(20);
      expect(seen).toEqual([units.size]);
      expect(units.size).toBeLessThan(20);
    } finally {
      await gateway.stop();
      proxy.close();
    }
  });

  test('identical reads in flight are sent to a subgraph once and shared; different callers never share', async () => {
    const query = `${FEED} # ${crypto.randomUUID()}`;
    const before = platform.subgraphs.content.requests.count;
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(platform.gatewayUrl, { query })));
    const sent = platform.subgraphs.content.requests.count - before;
    for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
    expect(answers[0].body.data!.documents.nodes).toHaveLength(20);
    expect(sent).toBeLessThan(20);
    const logins = ['anna.kowalczyk', 'tomasz.zielinski', 'maria.wisniewska', 'pawel.mazur'];
    const tokens = await Promise.all(logins.map((login) => platform.token(login)));
    const viewers = await Promise.all(
      tokens.flatMap((token) =>
        [1, 2].map(() =>
          post(platform.gatewayUrl, { query: '{ viewer { login } }' }, { authorization: `Bearer ${token}` }),
        ),
      ),
    );
    expect(viewers.map((v) => v.body.data!.viewer.login)).toEqual(logins.flatMap((login) => [login, login]));
  });

  test('representations: distinct ones out, answers and error paths spread back over every position', () => {
    const { distinct, positions } = distinctRepresentations([
      { __typename: 'Unit', id: 'a' },
      { __typename: 'Unit', id: 'b' },
      { __typename: 'Unit', id: 'a' },
    ]);
    expect(distinct).toEqual([
      { __typename: 'Unit', id: 'a' },
      { __typename: 'Unit', id: 'b' },
    ]);
    expect(positions).toEqual([0, 1, 0]);
    const spread = spreadEntities(
      {
        data: { _entities: [{ name: 'A' }, null] },
        errors: [
          { message: 'no b', path: ['_entities', 1, 'name'] } as never,
          { message: 'a', path: ['_entities', 0] } as never,
        ],
      },
      positions,
    );
    expect(spread.data).toEqual({ _entities: [{ name: 'A' }, null, { name: 'A' }] });
    expect(spread.errors!.map((e) => e.path)).toEqual([
      ['_entities', 1, 'name'],
      ['_entities', 0],
      ['_entities', 2],
    ]);
  });
});

describe('issue 10: the response cache shared by two gateway replicas through Redis', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ REDIS_URL: 'redis://127.0.0.1:6379' });
  });
  afterAll(() => platform?.stop());

  test('an answer cached by one replica is served by the other; a publication through one is seen by the other at once', async () => {
    const second = await startGateway(platform.config, platform.subgraphUrls, 0);
    try {
      const query = `${FEED} # ${crypto.randomUUID()}`;
      expect((await post(platform.gatewayUrl, { query })).headers.get('x-mpi-cache')).toBe('MISS');
      expect((await post(second.url, { query })).headers.get('x-mpi-cache')).toBe('HIT');
      await cultureDocument(platform, { title: 'Widać na obu replikach' });
      const started = Date.now();
      let title = '';
      while (Date.now() - started < 1000) {
        title = (await post(second.url, { query })).body.data!.documents.nodes[0].title;
        if (title === 'Widać na obu replikach') break;
      }
      expect(title).toBe('Widać na obu replikach');
    } finally {
      await second.stop();
    }
  });

  test('with Redis unreachable the gateway answers correctly without a cache', async () => {
    const gateway = await startGateway(
      { ...platform.config, redisUrl: 'redis://127.0.0.1:6390' },
      platform.subgraphUrls,
      0,
    );
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await post(gateway.url, { query: FEED });
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data!.documents.nodes).toHaveLength(20);
        expect(answer.headers.get('x-mpi-cache')).not.toBe('HIT');
      }
    } finally {
      await gateway.stop();
    }
  });
});
