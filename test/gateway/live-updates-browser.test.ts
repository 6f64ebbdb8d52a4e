/**
 * Issue 14, part 2: live updates in a real browser. Debian's chromium, driven by playwright-core, loads a dashboard
 * page from another loopback origin (on the platform's CORS_ORIGINS) which opens:
 * - a plain `EventSource` on the public stream of a channel's publications (EventSource can send no Authorization
 *   header, so it is for what the public may see);
 * - graphql-sse's own browser client (its UMD build, fetch underneath, with the editor's bearer token) on the
 *   editorial office's incidents.
 * The browser reaches nothing beyond loopback: its proxy is a socket that closes every connection.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startBlackHole } from '../support/browser';
import { channel, cultureDocument } from '../support/documents';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const GRAPHQL_SSE = fs.readFileSync(
  path.join(__dirname, '..', '..', 'node_modules', 'graphql-sse', 'umd', 'graphql-sse.js'),
  'utf8',
);

/** The dashboard: `live.*` is what page.evaluate drives; everything received lands in `live.received`. */
const PAGE_HTML = `<!doctype html>
<html lang="pl">
<head><meta charset="utf-8"><title>Redakcja MPI – pulpit</title><script src="/graphql-sse.js"></script></head>
<body>
<h1>Na żywo</h1>
<ol id="events"></ol>
<script>
window.live = {
  received: [],
  note(entry) {
    live.received.push({ ...entry, at: Date.now() });
    const item = document.createElement('li');
    item.textContent = JSON.stringify(entry);
    document.getElementById('events').append(item);
  },
  /** A plain EventSource: the query travels in the URL (graphql-sse's GET form). */
  eventSource(url, query, variables) {
    const params = new URLSearchParams({ query, variables: JSON.stringify(variables || {}) });
    const source = new EventSource(url + '?' + params);
    source.addEventListener('next', (event) => live.note({ via: 'EventSource', id: event.lastEventId, result: JSON.parse(event.data) }));
    // The server ends a stream with "complete": without close() the browser would reconnect.
    source.addEventListener('complete', () => source.close());
    return new Promise((resolve) => {
      source.onopen = () => resolve('open');
      source.onerror = () => resolve(source.readyState === EventSource.CLOSED ? 'refused' : 'reconnecting');
    });
  },
  /** graphql-sse's client: fetch underneath, so it may carry the editor's token. */
  graphqlSse(url, token, query) {
    const client = graphqlSse.createClient({ url, retryAttempts: 0, headers: { authorization: 'Bearer ' + token } });
    client.subscribe({ query }, {
      next: (result) => live.note({ via: 'graphql-sse', result }),
      error: (error) => live.note({ via: 'graphql-sse', error: String(error && error.message || error) }),
      complete: () => undefined,
    });
  },
};
</script>
</body>
</html>`;

async function startPageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_HTML);
    else if (req.url === '/graphql-sse.js')
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(GRAPHQL_SSE);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

interface Received {
  via: string;
  id?: string;
  result?: { data?: Record<string, any>; errors?: unknown[] };
  error?: string;
  at: number;
}

describe('issue 14: live updates in Chromium', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  let blackHole: Awaited<ReturnType<typeof startBlackHole>>;
  let page: Page;

  const received = () => page.evaluate(() => (globalThis as any).live.received as Received[]);
  const until = async (check: (all: Received[]) => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const all = await received();
      if (check(all)) return all;
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${JSON.stringify(all)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    [pages, blackHole] = await Promise.all([startPageServer(), startBlackHole()]);
    [platform, browser] = await Promise.all([
      startTestPlatform({ CORS_ORIGINS: pages.origin }),
      chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        proxy: { server: blackHole.url, bypass: '127.0.0.1,localhost,[::1]' },
      }),
    ]);
  });
  beforeEach(async () => {
    page = await browser.newPage();
    await page.goto(pages.origin);
  });
  afterEach(async () => {
    await page?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await pages?.close();
    await blackHole?.close();
  });

  test("issue 14: an EventSource receives a channel's publications, each with its event id", async () => {
    const query = 'subscription($channelId: ID) { documentPublished(channelId: $channelId) { title } }';
    const state = await page.evaluate(
      ([url, q, c]) => (globalThis as any).live.eventSource(url, q, { channelId: c }),
      [platform.gatewayUrl, query, channel('kultura-web')],
    );
    expect(state).toBe('open');
    await cultureDocument(platform, { title: 'Cracovia Sacra' });
    const [event] = await until((all) => all.length >= 1);
    expect(event).toMatchObject({
      via: 'EventSource',
      result: { data: { documentPublished: { title: 'Cracovia Sacra' } } },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('issue 14: an EventSource without the role is refused, and does not reconnect', async () => {
    const state = await page.evaluate(
      ([url]) => (globalThis as any).live.eventSource(url, 'subscription { incidentChanged { id } }', {}),
      [platform.gatewayUrl],
    );
    expect(state).toBe('refused');
  });

  test("issue 14: an incident opened by one account arrives at a subscribed editor's page within 1 s", async () => {
    const token = await platform.token('lukasz.gorski');
    await page.evaluate(
      ([url, t]) => (globalThis as any).live.graphqlSse(url, t, 'subscription { incidentChanged { title state } }'),
      [platform.gatewayUrl, token],
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // the stream is open
    const opened = await platform.query(
      'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id } }',
      {
        input: {
          title: 'Atak słownikowy na logowanie',
          description: 'Setki prób logowania na minutę.',
          personalDataInvolved: false,
        },
      },
      'anna.kowalczyk',
    );
    expect(opened.errors).toBeUndefined();
    // Counted from the moment the incident is open (its act committed and answered), not from the opener's request.
    const openAt = Date.now();
    const [event] = await until((all) => all.length >= 1, 1000);
    expect(event.at - openAt).toBeLessThan(1000);
    expect(event.result).toEqual({
      data: { incidentChanged: { title: 'Atak słownikowy na logowanie', state: 'OPEN' } },
      extensions: { eventId: expect.any(String) },
    });
  });
});
