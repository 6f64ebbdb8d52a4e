/**
 * Issue 10, "Tests": a real browser calls the gateway from pages on other origins (CORS). Debian's chromium,
 * driven by playwright-core, loads a page from one of two small static servers on loopback: "allowed" (its
 * origin is the platform's CORS_ORIGINS) and "other" (not on the list). The page calls the gateway with fetch,
 * as a city website's script would.
 *
 * Two choices that matter for what this proves:
 * - No Playwright request routing (`context.route`): while any route is set, Playwright answers every CORS
 *   preflight itself with "allow everything" and the gateway never sees the OPTIONS request, so the browser
 *   would not be testing the gateway's preflight answer. Non-loopback traffic is cut off at the network level
 *   instead: the browser's proxy is a local socket that closes every connection, and only loopback bypasses
 *   it (Chromium's own background requests end there too).
 * - A fresh browser context per test, so no preflight answer is cached from one test to the next
 *   (the gateway sends access-control-max-age).
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startBlackHole } from '../support/browser';
import { channel, unit } from '../support/documents';
import { CREATE_DOCUMENT } from '../support/operations';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const SCREENSHOT = path.join(__dirname, '..', 'artifacts', 'browser-cors.png');
const FEED = '{ documents(first: 5) { nodes { title responsibleUnit { name } channel { name } } } }';

/** The page both origins serve: `mpi.call` is what page.evaluate drives; `mpi.show` writes titles into the DOM. */
const PAGE_HTML = `<!doctype html>
<html lang="pl">
<head><meta charset="utf-8"><title>MPI – strona testowa</title>
<style>body { font: 16px/1.4 sans-serif; margin: 2em; } li { margin: .3em 0; } small { color: #555; }</style></head>
<body>
<h1>Magiczny Kraków – aktualności</h1>
<p>Strona z <code id="origin"></code> czyta API z innego originu.</p>
<ol id="titles"></ol>
<script>
document.getElementById('origin').textContent = location.origin;
window.mpi = {
  async call(url, body, authorization) {
    const headers = { 'content-type': 'application/json' };
    if (authorization) headers.authorization = authorization;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    return {
      status: response.status,
      json: await response.json(),
      exposed: { etag: response.headers.get('etag') },
    };
  },
  show(nodes) {
    const list = document.getElementById('titles');
    list.replaceChildren(...nodes.map((node) => {
      const item = document.createElement('li');
      item.textContent = node.title + ' ';
      const small = document.createElement('small');
      small.textContent = '(' + node.responsibleUnit.name + ', ' + node.channel.name + ')';
      item.append(small);
      return item;
    }));
    return list.children.length;
  },
};
</script>
</body>
</html>`;

interface PageServer {
  origin: string;
  close(): Promise<void>;
}

async function startPageServer(): Promise<PageServer> {
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE_HTML);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Exchange {
  method: string;
  preflight: boolean;
  requestHeaders: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** The browser received the whole answer. */
  finished?: boolean;
  /** Why the browser failed the request, e.g. `PreflightMissingAllowOriginHeader`. */
  corsError?: string;
}

/** What the browser itself did with requests to the gateway, seen through the DevTools protocol (real preflights included). */
class NetworkLog {
  readonly exchanges: Exchange[] = [];
  private constructor(private readonly gatewayUrl: string) {}

  get preflights(): Exchange[] {
    return this.exchanges.filter((exchange) => exchange.preflight);
  }
  get requests(): Exchange[] {
    return this.exchanges.filter((exchange) => !exchange.preflight);
  }

  /** DevTools events arrive a little after the page sees the outcome: wait until the page's one request and its preflight have ended. */
  async settled(timeoutMs = 5_000): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    const ended = (exchange: Exchange) => exchange.finished || exchange.corsError !== undefined;
    while (!(this.requests.length > 0 && this.exchanges.every(ended)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return this;
  }

  static async attach(page: Page, gatewayUrl: string): Promise<NetworkLog> {
    const log = new NetworkLog(gatewayUrl);
    const cdp: CDPSession = await page.context().newCDPSession(page);
    const byId = new Map<string, Exchange>();
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.request.url !== log.gatewayUrl) return;
      const exchange: Exchange = {
        method: event.request.method,
        preflight: event.initiator.type === 'preflight',
        requestHeaders: lowerCase(event.request.headers),
      };
      byId.set(event.requestId, exchange);
      log.exchanges.push(exchange);
    });
    cdp.on('Network.responseReceived', (event) => {
      const exchange = byId.get(event.requestId);
      if (!exchange) return;
      exchange.status = event.response.status;
      exchange.responseHeaders = lowerCase(event.response.headers);
    });
    cdp.on('Network.loadingFinished', (event) => {
      const exchange = byId.get(event.requestId);
      if (exchange) exchange.finished = true;
    });
    cdp.on('Network.loadingFailed', (event) => {
      const exchange = byId.get(event.requestId);
      if (exchange) exchange.corsError = event.corsErrorStatus?.corsError ?? event.errorText;
    });
    await cdp.send('Network.enable');
    return log;
  }
}

function lowerCase(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

const tokens = (list: string | null | undefined) =>
  (list ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .filter(Boolean);

interface CallResult {
  status: number;
  json: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  exposed: { etag: string | null };
}

if (!fs.existsSync(CHROMIUM)) {
  // Not a skip: a missing browser must fail the run, with the one command that fixes it.
  test('CORS in a real browser (issue 10): chromium is installed', () => {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}; the browser tests need it. Install it with: apt-get install -y chromium`,
    );
  });
} else {
  describe('CORS in a real browser (issue 10): pages on other origins call the gateway', () => {
    let allowed: PageServer;
    let other: PageServer;
    let blackHole: Awaited<ReturnType<typeof startBlackHole>>;
    let platform: TestPlatform;
    let browser: Browser;
    let context: BrowserContext;

    beforeAll(async () => {
      // The page servers first: the platform's allow-list names the allowed one's origin, port included.
      [allowed, other, blackHole] = await Promise.all([startPageServer(), startPageServer(), startBlackHole()]);
      [platform, browser] = await Promise.all([
        startTestPlatform({ CORS_ORIGINS: allowed.origin }),
        chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: CHROMIUM_ARGS,
          // Everything goes to the black hole except loopback (listing loopback here keeps Playwright from proxying it).
          proxy: { server: blackHole.url, bypass: '127.0.0.1,localhost,[::1]' },
        }),
      ]);
    });
    afterAll(async () => {
      await browser?.close();
      await platform?.stop();
      await Promise.all([allowed?.close(), other?.close(), blackHole?.close()]);
    });
    beforeEach(async () => {
      context = await browser.newContext();
    });
    afterEach(async () => {
      await context?.close();
    });

    async function open(server: PageServer): Promise<{ page: Page; network: NetworkLog }> {
      const page = await context.newPage();
      const network = await NetworkLog.attach(page, platform.gatewayUrl);
      const response = await page.goto(`${server.origin}/`);
      expect(response?.status()).toBe(200);
      return { page, network };
    }

    const call = (page: Page, body: unknown, authorization?: string): Promise<CallResult> =>
      page.evaluate(([url, body, authorization]) => (globalThis as any).mpi.call(url, body, authorization), [
        platform.gatewayUrl,
        body,
        authorization,
      ] as const);

    test('CORS: a page on an allowed origin reads the public feed', async () => {
      const { page, network } = await open(allowed);
      const result = await call(page, { query: FEED });

      expect(result.status).toBe(200);
      expect(result.json.errors).toBeUndefined();
      const nodes = result.json.data.documents.nodes;
      expect(nodes).toHaveLength(5);
      for (const node of nodes) {
        expect(node).toEqual({
          title: expect.any(String),
          responsibleUnit: { name: expect.any(String) },
          channel: { name: expect.any(String) },
        });
        expect(node.title.length).toBeGreaterThan(0);
      }
      // The page may read the headers the gateway exposes (ETag for conditional requests).
      expect(result.exposed.etag).toBeTruthy();

      // JSON is not a "simple" content type: the browser asked first, and the gateway itself said yes.
      await network.settled();
      expect(network.preflights).toHaveLength(1);
      expect(network.preflights[0]).toMatchObject({
        method: 'OPTIONS',
        status: 204,
        responseHeaders: expect.objectContaining({ 'access-control-allow-origin': allowed.origin }),
      });
      expect(network.requests).toMatchObject([{ method: 'POST', status: 200 }]);
    });

    test('CORS: with a token, a page on an allowed origin runs a mutation through a preflighted request', async () => {
      const { page, network } = await open(allowed);
      const authorization = `Bearer ${await platform.token('tomasz.zielinski')}`;
      const input = {
        channelId: channel('kultura-web'),
        responsibleUnitId: unit('kultura'),
        kind: 'NEWS',
        title: 'Koncert na Rynku (z przeglądarki)',
        body: '<p>Treść</p>',
      };
      const result = await call(page, { query: CREATE_DOCUMENT, variables: { input } }, authorization);

      expect(result.status).toBe(200);
      expect(result.json.errors).toBeUndefined();
      expect(result.json.data.createDocument).toMatchObject({
        id: expect.any(String),
        title: input.title,
        status: 'DRAFT',
      });

      // The preflight the browser really sent asked for the Authorization header, and the gateway allowed it.
      await network.settled();
      expect(network.preflights).toHaveLength(1);
      const [preflight] = network.preflights;
      expect(preflight.requestHeaders['access-control-request-method']).toBe('POST');
      expect(tokens(preflight.requestHeaders['access-control-request-headers'])).toEqual(
        expect.arrayContaining(['authorization', 'content-type']),
      );
      expect(preflight.status).toBe(204);
      expect(preflight.responseHeaders!['access-control-allow-origin']).toBe(allowed.origin);
      expect(tokens(preflight.responseHeaders!['access-control-allow-headers'])).toEqual(
        expect.arrayContaining(['authorization', 'content-type']),
      );
      expect(tokens(preflight.responseHeaders!['access-control-allow-methods'])).toContain('post');
      expect(network.requests).toMatchObject([
        { method: 'POST', status: 200, requestHeaders: expect.objectContaining({ authorization }) },
      ]);
    });

    test('issue 12: a page on an allowed origin uploads a file to /uploads, attaches it, and downloads it from its url', async () => {
      const { page } = await open(allowed);
      const authorization = `Bearer ${await platform.token('tomasz.zielinski')}`;
      const created = await platform.query(
        CREATE_DOCUMENT,
        {
          input: {
            channelId: channel('kultura-web'),
            responsibleUnitId: unit('kultura'),
            kind: 'NEWS',
            title: 'Regulamin konkursu (z załącznikiem)',
            body: '<p>Treść</p>',
          },
        },
        'tomasz.zielinski',
      );
      const documentId = created.data!.createDocument.id as string;
      const origin = new URL(platform.gatewayUrl).origin;
      // In the page: a 2 MB PDF made as a Blob (as a file input gives one), sent as the body, then attached by id.
      const outcome = await page.evaluate(
        async ([origin, graphql, authorization, documentId]) => {
          const bytes = new Uint8Array(2 * 1024 * 1024).fill(0x25);
          bytes.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
          const file = new Blob([bytes], { type: 'application/pdf' });
          const sent = await fetch(`${origin}/uploads`, { method: 'POST', headers: { authorization }, body: file });
          const upload = (await sent.json()) as { uploadId: string; mediaType: string };
          const attached = await fetch(graphql, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              query:
                'mutation($d: ID!, $i: AttachmentInput!) { addAttachment(documentId: $d, input: $i) { url size } }',
              variables: {
                d: documentId,
                i: { fileName: 'Regulamin – 2026.pdf', mediaType: 'application/pdf', uploadId: upload.uploadId },
              },
            }),
          }).then((r) => r.json() as Promise<{ data: { addAttachment: { url: string; size: number } } }>);
          const url = attached.data.addAttachment.url;
          const file2 = await fetch(`${origin}${url}`, { headers: { authorization } });
          return {
            uploadStatus: sent.status,
            mediaType: upload.mediaType,
            size: attached.data.addAttachment.size,
            downloadStatus: file2.status,
            disposition: file2.headers.get('content-disposition'),
            downloaded: (await file2.arrayBuffer()).byteLength,
          };
        },
        [origin, platform.gatewayUrl, authorization, documentId] as const,
      );
      expect(outcome).toEqual({
        uploadStatus: 201,
        mediaType: 'application/pdf',
        size: 2 * 1024 * 1024,
        downloadStatus: 200,
        disposition: expect.stringMatching(
          /^attachment; filename=.*filename\*=UTF-8''Regulamin%20%E2%80%93%202026\.pdf$/,
        ),
        downloaded: 2 * 1024 * 1024,
      });
      // Cross-origin with a token: the browser preflighted each call, or none of them would have been answered.
    });

    test('CORS: an error answer (an expired token: 401 UNAUTHENTICATED) still reaches a page on an allowed origin', async () => {
      const { page } = await open(allowed);
      const expired = `Bearer ${await platform.token('tomasz.zielinski', -60)}`;
      const result = await call(page, { query: '{ viewer { login } }' }, expired);
      expect(result.status).toBe(401);
      expect(result.json.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    });

    test('CORS: a page on an origin not on the list is blocked by the browser, and the gateway sent it no CORS headers', async () => {
      const { page, network } = await open(other);
      const authorization = `Bearer ${await platform.token('tomasz.zielinski')}`;
      const outcome = await page.evaluate(
        async ([url, body, authorization]) => {
          try {
            await (globalThis as any).mpi.call(url, body, authorization);
            return 'reached';
          } catch (error) {
            return error instanceof TypeError ? 'blocked' : `other error: ${String(error)}`;
          }
        },
        [platform.gatewayUrl, { query: FEED }, authorization] as const,
      );
      expect(outcome).toBe('blocked');
      // Stopped at the preflight (answered, but without an allow-origin): the request itself was never sent.
      await network.settled();
      expect(network.preflights).toHaveLength(1);
      expect(network.preflights[0]).toMatchObject({ status: 204 });
      expect(network.preflights[0].responseHeaders).not.toHaveProperty('access-control-allow-origin');
      expect(network.requests).toHaveLength(1);
      expect(network.requests[0]).toMatchObject({ method: 'POST', corsError: 'PreflightMissingAllowOriginHeader' });
      expect(network.requests[0].status).toBeUndefined();

      // The same requests from Node, where nothing is hidden: no CORS header for that origin at all, Vary: Origin still.
      const preflight = await fetch(platform.gatewayUrl, {
        method: 'OPTIONS',
        headers: {
          origin: other.origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      const post = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { origin: other.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: FEED }),
      });
      expect(post.status).toBe(200);
      await post.arrayBuffer();
      for (const answer of [preflight, post]) {
        const corsHeaders = [...answer.headers.keys()].filter((name) => name.startsWith('access-control-'));
        expect(corsHeaders).toEqual([]);
        expect(tokens(answer.headers.get('vary'))).toContain('origin');
      }
      // And for contrast, the allowed origin gets its origin back on the same POST.
      const allowedPost = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { origin: allowed.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: FEED }),
      });
      expect(allowedPost.headers.get('access-control-allow-origin')).toBe(allowed.origin);
      await allowedPost.arrayBuffer();
    });

    test('CORS: a screenshot of the allowed page shows the feed it read (test/artifacts/browser-cors.png)', async () => {
      const { page } = await open(allowed);
      await page.setViewportSize({ width: 1000, height: 560 });
      const result = await call(page, { query: FEED });
      expect(result.json.errors).toBeUndefined();
      const nodes = result.json.data.documents.nodes as { title: string }[];
      const shown = await page.evaluate((nodes) => (globalThis as any).mpi.show(nodes) as number, nodes);
      expect(shown).toBe(5);
      expect(await page.locator('#titles li').allTextContents()).toEqual(
        nodes.map((node) => expect.stringContaining(node.title)),
      );

      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      fs.rmSync(SCREENSHOT, { force: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      const png = fs.readFileSync(SCREENSHOT);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(5_000);
    });
  });
}
