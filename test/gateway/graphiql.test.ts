/**
 * Issue 14: a GraphQL IDE from the box. A browser opening /graphql gets GraphiQL, served by the gateway itself from
 * the bundle built at build time (dist-ide/, built by the test run's global setup when missing), with the README's
 * examples (docs/examples/) as its tabs; on in development, off in production unless GRAPHQL_IDE=on.
 *
 * The browser is Debian's chromium driven by playwright-core. Every request it makes to anything but loopback is
 * aborted by a route and recorded (the test fails if there was any), and the browser's proxy drops whatever would
 * get past that (its own background connections). Same origin only here, so routing hides no CORS preflight.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse, print, validate, type OperationDefinitionNode } from 'graphql';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startGateway, type RunningGateway } from '../../gateway';
import { IDE_FILES, readExamples } from '../../gateway/graphql-ide';
import type { Exchange } from '../../gateway/pipeline';
import { wantsIde } from '../../gateway/stages/graphql-ide';
import type { PlatformConfig } from '../../platform/config';
import { projectRoot } from '../../platform/schema-file';
import { CHROMIUM, CHROMIUM_ARGS, startBlackHole } from '../support/browser';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const ROOT = projectRoot();
const SCREENSHOT = path.join(ROOT, 'test', 'artifacts', 'graphiql.png');
/** What Chromium sends when a person opens an address. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const FEED = '{ documents(first: 3) { nodes { title } } }';
const LOOPBACK = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

interface IdeConfig {
  endpoint: string;
  workers: Record<'editor' | 'json' | 'graphql', string>;
  examples: { name: string; query: string }[];
}

/** Text as it reads on screen: Monaco's non-breaking spaces and the indentation of wrapped lines as one space. */
const collapse = (text: string) => text.replace(/[\s\u00a0]+/g, ' ');

const openIde = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { accept: BROWSER_ACCEPT, ...headers } });

/** The page's own addresses (stylesheet, script) and its JSON configuration. */
function readPage(html: string): { assets: string[]; config: IdeConfig } {
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
  const json = /<script type="application\/json" id="mpi-ide-config">([^<]*)<\/script>/.exec(html);
  return { assets, config: JSON.parse(json![1]) as IdeConfig };
}

/** The README's example blocks: `<!-- docs/examples/NAME.graphql -->` followed by a graphql block. */
function readmeExamples(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- (docs\/examples\/[^ ]+\.graphql) -->\n```graphql\n([\s\S]*?)```\n/g))
    blocks.set(match[1], match[2]);
  return blocks;
}

test('issue 14: only a navigation that asks for HTML ahead of JSON, with no operation in the URL, is for the IDE', () => {
  const wants = (method: string, accept: string | undefined, search = '') =>
    wantsIde({ method, url: new URL(`http://gateway/graphql${search}`), headers: { accept } } as unknown as Exchange);
  const firefox = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  expect(wants('GET', BROWSER_ACCEPT)).toBe(true);
  expect(wants('GET', firefox)).toBe(true);
  expect(wants('HEAD', firefox)).toBe(true);
  expect(wants('POST', firefox)).toBe(false);
  expect(wants('GET', '*/*')).toBe(false);
  expect(wants('GET', undefined)).toBe(false);
  expect(wants('GET', 'application/graphql-response+json, application/json;q=0.9')).toBe(false);
  expect(wants('GET', 'application/json, text/html')).toBe(false);
  expect(wants('GET', 'text/html;q=0')).toBe(false);
  expect(wants('GET', firefox, '?query=%7B__typename%7D')).toBe(false);
  expect(wants('GET', firefox, '?extensions=%7B%7D')).toBe(false);
});

describe('issue 14: the GraphQL IDE', () => {
  let platform: TestPlatform;
  let page: { html: string; assets: string[]; config: IdeConfig };
  const gateways: RunningGateway[] = [];

  async function gatewayWith(settings: Partial<PlatformConfig>): Promise<string> {
    const gateway = await startGateway({ ...platform.config, ...settings }, platform.subgraphUrls, 0);
    gateways.push(gateway);
    return gateway.url;
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    const response = await openIde(platform.gatewayUrl);
    const html = await response.text();
    page = { html, ...readPage(html) };
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await platform?.stop();
  });

  test('issue 14: in development a browser GET /graphql gets the IDE page, with a CSP of its own origin and nothing from elsewhere', async () => {
    const response = await openIde(platform.gatewayUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('vary')).toMatch(/accept/i);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("worker-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/https?:|\*/);
    await response.text();
    // No address on the page but its own.
    expect(page.html).not.toMatch(/(https?:)?\/\/[a-z0-9]/i);
    expect(page.assets.length).toBe(2);
    for (const asset of page.assets) expect(asset.startsWith(IDE_FILES)).toBe(true);
    expect(page.config.endpoint).toBe('/graphql');
    // Apollo's landing page (from Apollo's CDN) is gone for good.
    expect(page.html).not.toMatch(/apollographql|apollo-server-landing-page|embeddable-sandbox/i);
  });

  test("issue 14: the IDE's files: content types, immutable caching, compression, 404 for any other name, GET only", async () => {
    const files = [...page.assets, ...Object.values(page.config.workers)];
    expect(files).toHaveLength(5);
    for (const file of files) {
      const response = await fetch(new URL(file, platform.gatewayUrl), { headers: { 'accept-encoding': 'br' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-encoding')).toBe('br');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    const missing = await fetch(new URL(`${IDE_FILES}nothing-here.js`, platform.gatewayUrl));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/Not found/);
    const traversal = await fetch(new URL(`${IDE_FILES}..%2F..%2Fpackage.json`, platform.gatewayUrl));
    expect(traversal.status).toBe(404);
    await traversal.arrayBuffer();
    const post = await fetch(new URL(page.assets[0], platform.gatewayUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await post.arrayBuffer();
  });

  test('issue 14: only a browser navigation gets the page; GraphQL over GET, curl and CSRF prevention are as before', async () => {
    // curl's Accept (any type) is not a browser's: an ordinary GraphQL request, refused by CSRF prevention without
    // its header.
    const curl = await fetch(platform.gatewayUrl, { headers: { accept: '*/*' } });
    expect(curl.headers.get('content-type')).toMatch(/^application\/json/);
    expect(curl.status).toBe(400);
    await curl.arrayBuffer();
    // A query in the URL is a query, even from a browser; without the preflight header it is a possible CSRF.
    const query = new URL(platform.gatewayUrl);
    query.searchParams.set('query', '{ __typename }');
    const simple = await openIde(query.toString());
    expect(simple.status).toBe(400);
    expect(((await simple.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
      /Cross-Site Request Forgery/,
    );
    const preflighted = await openIde(query.toString(), { 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
    // A form's POST (text/plain) stays refused; the IDE's own requests are JSON.
    const form = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ __typename }"}',
    });
    expect(form.status).toBe(400);
    await form.arrayBuffer();
    // The page itself carries no CORS permission for another origin.
    const other = await openIde(platform.gatewayUrl, { origin: 'https://evil.example' });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await other.arrayBuffer();
  });

  test('issue 14: the README, docs/examples and the IDE agree, and every example is valid against the supergraph', () => {
    const files = readExamples(path.join(ROOT, 'docs', 'examples'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(page.config.examples).toEqual(files);
    const readme = readmeExamples();
    const folder = fs
      .readdirSync(path.join(ROOT, 'docs', 'examples'))
      .filter((name) => name.endsWith('.graphql'))
      .sort();
    expect([...readme.keys()]).toEqual(folder.map((name) => `docs/examples/${name}`));
    for (const [file, text] of readme)
      expect({ file, text }).toEqual({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') });

    const api = Supergraph.build(fs.readFileSync(platform.config.supergraphPath, 'utf8'))
      .apiSchema()
      .toGraphQLJSSchema();
    for (const example of files) {
      const document = parse(example.query);
      expect({ example: example.name, errors: validate(api, document).map((error) => error.message) }).toEqual({
        example: example.name,
        errors: [],
      });
      // One named operation a file: the IDE's tab shows its name.
      expect(document.definitions).toEqual([
        expect.objectContaining({
          kind: 'OperationDefinition',
          name: expect.objectContaining({ value: expect.any(String) }),
        }),
      ]);
    }
    // The README's curl example sends the first example's selection.
    const readmeText = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const curlQuery = JSON.parse(/-d '(\{\n {2}"query": [\s\S]*?\n\})'/.exec(readmeText)![1]).query as string;
    const selection = (text: string) => print((parse(text).definitions[0] as OperationDefinitionNode).selectionSet);
    expect(selection(curlQuery)).toBe(selection(files[0].query));
  });

  test('issue 14: in production the IDE is off: no page, no files, no introspection, and nothing that loads from elsewhere', async () => {
    const url = await gatewayWith({ env: 'production', graphqlIde: false });
    const response = await openIde(url);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.text();
    expect(body).not.toMatch(/<script|<link|apollographql|https?:\/\//i);
    const file = await fetch(new URL(page.assets[0], url));
    expect(file.status).toBe(404);
    await file.arrayBuffer();
    const introspection = await platform.post(url, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.data ?? null).toBeNull();
    expect(introspection.errors?.[0].message).toMatch(/introspection/i);
  });

  test('issue 14: in production with GRAPHQL_IDE=on the page is served, and introspection answers for its schema', async () => {
    const url = await gatewayWith({ env: 'production', graphqlIde: true });
    const response = await openIde(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(readPage(await response.text()).config.examples).toEqual(page.config.examples);
    const introspection = await platform.post(url, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  if (!fs.existsSync(CHROMIUM)) {
    // Not a skip: a missing browser must fail the run, with the one command that fixes it.
    test('issue 14: chromium is installed for the IDE browser test', () => {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}; the browser tests need it. Install it with: apt-get install -y chromium`,
      );
    });
    return;
  }

  describe('issue 14: in a real browser', () => {
    let browser: Browser;
    let context: BrowserContext;
    let blackHole: Awaited<ReturnType<typeof startBlackHole>>;
    /** Requests the page tried to send off the machine (aborted). */
    let offMachine: string[];
    /** Errors the page reported: uncaught exceptions, console errors (CSP violations among them). */
    let problems: string[];

    beforeAll(async () => {
      blackHole = await startBlackHole();
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        proxy: { server: blackHole.url, bypass: '127.0.0.1,localhost,[::1]' },
      });
    });
    afterAll(async () => {
      await browser?.close();
      await blackHole?.close();
    });
    beforeEach(async () => {
      offMachine = [];
      problems = [];
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (LOOPBACK.test(url)) return route.continue();
        offMachine.push(url);
        return route.abort('blockedbyclient');
      });
    });
    afterEach(async () => {
      await context?.close();
    });

    async function open(): Promise<Page> {
      const tab = await context.newPage();
      tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      tab.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      const response = await tab.goto(platform.gatewayUrl);
      expect(response?.status()).toBe(200);
      // GraphiQL is up once the schema is loaded: the documentation button is enabled and the tabs are there.
      await tab.locator('.graphiql-tab').first().waitFor();
      await tab.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
      return tab;
    }

    /** Replaces the text of one of GraphiQL's Monaco editors, as a paste would. */
    async function fill(tab: Page, editor: string, text: string): Promise<void> {
      // Monaco takes its input through a hidden textarea.
      await tab.locator(`${editor} .monaco-editor textarea`).first().focus();
      await tab.keyboard.press('ControlOrMeta+A');
      await tab.keyboard.press('Delete');
      await tab.keyboard.insertText(text);
    }

    /** Runs what the active tab holds and reads the answer off the screen (long lines wrap: spaces are collapsed). */
    async function execute(tab: Page): Promise<string> {
      await tab.locator('.graphiql-execute-button').click();
      const answer = tab.locator('.graphiql-response .view-lines').filter({ hasText: /"data"|"errors"/ });
      await answer.waitFor();
      return collapse((await answer.textContent()) ?? '');
    }

    test('issue 14: GraphiQL renders with the examples as tabs, runs { documents(first: 3) { nodes { title } } } and shows the titles; no request leaves the machine (screenshot)', async () => {
      const tab = await open();
      const names = page.config.examples.map(
        (example) => (parse(example.query).definitions[0] as OperationDefinitionNode).name!.value,
      );
      expect(await tab.locator('.graphiql-tab').allTextContents()).toEqual(
        names.map((name) => expect.stringContaining(name)),
      );

      const expected = await platform.query<{ documents: { nodes: { title: string }[] } }>(FEED);
      const titles = expected.data!.documents.nodes.map((node) => node.title);
      expect(titles).toHaveLength(3);
      await tab.locator('.graphiql-tab-add').click();
      // Named, so that the run waits for GraphiQL to have read it: the editor tells GraphiQL of a change 100 ms later,
      // and a run before that sends the previous tab's operation name with this text.
      await fill(tab, '.graphiql-query-editor', `query Feed ${FEED}`);
      await tab.locator('.graphiql-tab-active').getByText('Feed', { exact: true }).waitFor();
      const shown = await execute(tab);
      for (const title of titles) expect(shown).toContain(collapse(JSON.stringify(title)));

      // Monaco's GraphQL worker, from the same origin under the same CSP, checks the query against the schema.
      await fill(tab, '.graphiql-query-editor', '{ documents(first: 3) { nodes { titel } } }');
      await tab.locator('.graphiql-query-editor .squiggly-error').first().waitFor();
      await fill(tab, '.graphiql-query-editor', FEED);

      // The schema's documentation, from introspection through the gateway.
      await tab.locator('button[aria-label="Show Documentation Explorer"]').click();
      await tab.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
      // The history has the run; the explorer lists the root fields to tick.
      await tab.locator('button[aria-label="Show History"]').click();
      await tab.locator('.graphiql-history-items').getByText('Feed', { exact: true }).first().waitFor();
      await tab.locator('button[aria-label="Show GraphiQL Explorer"]').click();
      await tab.locator('.graphiql-plugin').getByText('documents', { exact: true }).first().waitFor();
      await tab.locator('button[aria-label="Show Documentation Explorer"]').click();

      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      fs.rmSync(SCREENSHOT, { force: true });
      await tab.screenshot({ path: SCREENSHOT });
      expect(fs.readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');

      expect(offMachine).toEqual([]);
      expect(problems).toEqual([]);
    });

    test("issue 14: a token in the header editor reaches the gateway: the IDE shows anna.kowalczyk's viewer", async () => {
      const tab = await open();
      const token = await platform.token('anna.kowalczyk');
      const sent: (string | undefined)[] = [];
      tab.on('request', (request) => {
        if (request.method() === 'POST' && request.postData()?.includes('viewer'))
          sent.push(request.headers().authorization);
      });
      await tab.locator('.graphiql-tab-add').click();
      await tab.locator('button[data-name="headers"]').click();
      await fill(
        tab,
        '.graphiql-editor-tool .graphiql-editor:not(.hidden)',
        JSON.stringify({ Authorization: `Bearer ${token}` }),
      );
      await fill(tab, '.graphiql-query-editor', '{ viewer { login } }');
      expect(await execute(tab)).toContain('"login": "anna.kowalczyk"');
      expect(sent).toEqual([`Bearer ${token}`]);
      // Not written to the browser's storage.
      const stored = await tab.evaluate(() => JSON.stringify({ ...(globalThis as any).localStorage }));
      expect(stored).toContain('{ viewer { login } }');
      expect(stored).not.toContain(token);
      expect(offMachine).toEqual([]);
      expect(problems).toEqual([]);
    });
  });
});
