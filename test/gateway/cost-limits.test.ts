/**
 * Issue 12, "Nested lists": 15 aliases of three nested pages of 100 stayed under the depth and alias
 * limits, and one anonymous request took 17 s and 1.4 GB. The gateway now estimates what an
 * operation costs from the supergraph's @cost/@listSize (page sizes multiply) and refuses one over
 * its budget before any subgraph is called; every operation the platform's users send fits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { costDirectives, operationCost } from '../../gateway/cost';
import { loadConfig } from '../../platform/config';
import * as operations from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { channel, unit } from '../support/documents';

const ROOT = path.join(__dirname, '..', '..');
const NESTED =
  'channels(first: 100) { nodes { documents(first: 100) { nodes { channel { documents(first: 100) { nodes { id title } } } } } } }';
const HOSTILE = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${NESTED}`).join(' ')} }`;

/** The operations in README.md: its ```graphql blocks, and the queries in its curl examples. */
function readmeOperations(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const texts = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
  for (const match of readme.matchAll(/"query" ?: ?"((?:\\.|[^"\\])*)"/g))
    texts.push(JSON.parse(`"${match[1]}"`) as string);
  for (const match of readme.matchAll(/--data-urlencode 'query=([^']*)'/g)) texts.push(match[1]);
  return texts.flatMap(operationsOf);
}

/** Each operation of a document as a document of its own (with the fragments it may use). */
function operationsOf(text: string): string[] {
  const document = parse(text);
  const fragments = document.definitions.filter((each) => each.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions
    .filter((each) => each.kind === Kind.OPERATION_DEFINITION)
    .map((each) => print({ ...document, definitions: [each, ...fragments] }));
}

/** What frontends, dashboards and partners send: the README, the partner manifests' sources, the tests' operations. */
const ORDINARY: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  ...readmeOperations().map((query, i) => ({ name: `README #${i + 1}`, query })),
  ...['partner/feed.graphql', 'partner/graphic-line.graphql', 'unregistered/operations.graphql'].map((file) => ({
    name: `test/fixtures/${file}`,
    query: fs.readFileSync(path.join(ROOT, 'test', 'fixtures', file), 'utf8'),
    variables: { first: 100 },
  })),
  ...Object.entries(operations).map(([name, query]) => ({
    name: `test/support/operations.ts ${name}`,
    query,
    variables: { first: 100 },
  })),
  // Frontend (Apollo Client, browser) and dashboard reads of the tests, at their largest page sizes.
  {
    name: 'frontend feed',
    query: '{ documents(first: 20) { nodes { title responsibleUnit { name } channel { name } } } }',
  },
  { name: 'frontend channels', query: '{ channels(first: 100) { nodes { slug name kind status owner { name } } } }' },
  {
    name: 'channel page',
    query:
      '{ channelBySlug(slug: "portal") { owner { head { name } } documents(first: 20) { nodes { title responsibleUnit { name head { name } } channel { name } } } } }',
  },
  {
    name: 'units and members',
    query: '{ units(first: 100) { nodes { members(first: 50) { nodes { name roles } } } } }',
  },
  {
    name: 'grants of an account',
    query:
      '{ account(id: "x") { grants(first: 100) { nodes { id permission active inactiveReason channel { id } } } } }',
  },
  { name: 'accounts', query: '{ accounts(first: 100) { nodes { login status } } }' },
  { name: 'incidents', query: '{ incidents(first: 100) { nodes { protectiveActions { id state } } } }' },
  { name: 'search on a channel', query: '{ search(query: "krakow", first: 100) { nodes { title channel { id } } } }' },
  {
    name: 'npm run compose -- --partners-from (scripts/compose-partners.ts)',
    query: '{ partners { name manifests { state operations { name body } } } }',
  },
  {
    name: 'audit log',
    query: '{ auditLog(action: GRANT_CREATED, first: 100) { nodes { subjectId occurredAt actorLogin } } }',
  },
];

const subgraphRequests = (platform: TestPlatform) =>
  Object.values(platform.subgraphs).reduce((sum, subgraph) => sum + subgraph.requests.count, 0);

describe('issue 12: cost limits at the gateway', () => {
  let platform: TestPlatform;
  const budget = loadConfig({}).limits.maxCost;
  beforeAll(async () => {
    // No plan warming meanwhile: it would call the access subgraph on its own.
    platform = await startTestPlatform({ PLAN_WARM_INTERVAL_MS: '3600000' });
  });
  afterAll(() => platform?.stop());

  test('issue 12: 15 aliases of three nested pages of 100 are refused with QUERY_TOO_COSTLY before any subgraph is called', async () => {
    const before = subgraphRequests(platform);
    const response = await platform.query(HOSTILE);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['QUERY_TOO_COSTLY']);
    const error = response.errors![0];
    expect(error.extensions).toMatchObject({ budget });
    expect(error.extensions!.cost).toBeGreaterThan(15_000_000);
    expect(error.message).toMatch(/cost 15,\d{3},\d{3}, over the budget of [\d,]+/);
    expect(error.message).toMatch(/smaller pages/);
    expect(response.data ?? null).toBeNull();
    expect(subgraphRequests(platform)).toBe(before);
  });

  test('issue 12: page sizes are read with variables resolved, and fragments count where they are spread', async () => {
    const before = subgraphRequests(platform);
    const byVariables =
      'query Nested($n: Int) { channels(first: $n) { nodes { documents(first: $n) { nodes { channel { documents(first: $n) { nodes { id } } } } } } } }';
    expect(errorCodes(await platform.query(byVariables, { n: 100 }))).toEqual(['QUERY_TOO_COSTLY']);
    const byFragments = `query { a: channels(first: 100) { ...Pages } b: channels(first: 100) { ...Pages } }
      fragment Pages on ChannelConnection { nodes { documents(first: 100) { nodes { channel { documents(first: 100) { nodes { id } } } } } } }`;
    expect(errorCodes(await platform.query(byFragments))).toEqual(['QUERY_TOO_COSTLY']);
    expect(subgraphRequests(platform)).toBe(before);
    // The same shape with small pages is an ordinary query.
    expect((await platform.query(byVariables, { n: 2 })).errors).toBeUndefined();
  });

  test('issue 12: diff is expensive (@cost): two in one request are accepted, three are refused', async () => {
    const diffs = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `d${i}: document(id: "x") { diff(from: 1, to: 2) { field patch } }`).join(' ')} }`;
    expect(errorCodes(await platform.query(diffs(2)))).not.toContain('QUERY_TOO_COSTLY');
    const before = subgraphRequests(platform);
    expect(errorCodes(await platform.query(diffs(3)))).toEqual(['QUERY_TOO_COSTLY']);
    expect(subgraphRequests(platform)).toBe(before);
  });

  test('issue 12: every ordinary operation (README, partner manifests, frontend and dashboard reads) fits the budget', async () => {
    const sdl = fs.readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
    const schema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
    const directives = costDirectives(sdl);
    const costs = ORDINARY.map(({ name, query, variables }) => {
      const document: DocumentNode = parse(query);
      const operation = document.definitions.find(
        (each): each is OperationDefinitionNode => each.kind === Kind.OPERATION_DEFINITION,
      )!;
      const fragments = Object.fromEntries(
        document.definitions
          .filter((each): each is FragmentDefinitionNode => each.kind === Kind.FRAGMENT_DEFINITION)
          .map((each) => [each.name.value, each]),
      );
      return { name, cost: operationCost(directives, { schema, operation, fragments, variables: variables ?? {} }) };
    });
    expect(costs.length).toBeGreaterThan(60);
    expect(costs.filter(({ cost }) => cost > budget)).toEqual([]);
    // The largest leaves room: the budget is not tuned to the last operation.
    expect(Math.max(...costs.map(({ cost }) => cost))).toBeLessThanOrEqual(budget / 2);
    // And the gateway agrees. Anonymous: mutations are refused by their subgraph, not carried out.
    for (const { name, query, variables } of ORDINARY) {
      const answer = await platform.query(query, variables);
      expect({ name, codes: errorCodes(answer) }).not.toEqual({
        name,
        codes: expect.arrayContaining(['QUERY_TOO_COSTLY']),
      });
    }
  });

  test('issue 12: MAX_QUERY_COST and MAX_RESPONSE_BYTES are checked at start, with documented defaults', () => {
    expect(loadConfig({}).limits).toMatchObject({ maxCost: 25_000, maxResponseBytes: 5 * 1024 * 1024 });
    expect(() => loadConfig({ MAX_QUERY_COST: 'lots' })).toThrow(/MAX_QUERY_COST="lots" must be a whole number/);
    expect(() => loadConfig({ MAX_RESPONSE_BYTES: '10' })).toThrow(
      /MAX_RESPONSE_BYTES="10" must be a whole number from 1024/,
    );
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/\| `MAX_QUERY_COST` \| `25000` \|/);
    expect(readme).toMatch(/\| `MAX_RESPONSE_BYTES` \| `5242880` \(5 MB\) \|/);
  });
});

describe('issue 12: a lower budget and a response size limit', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({
      MAX_QUERY_COST: '50',
      MAX_RESPONSE_BYTES: '2048',
      PLAN_WARM_INTERVAL_MS: '3600000',
    });
  });
  afterAll(() => platform?.stop());

  test('issue 12: the budget is configurable: MAX_QUERY_COST=50 refuses a page of 100 and lets a page of 5 through', async () => {
    const page = (n: number) => `{ channels(first: ${n}) { nodes { slug } } }`;
    const refused = await platform.query(page(100));
    expect(errorCodes(refused)).toEqual(['QUERY_TOO_COSTLY']);
    expect(refused.errors![0].extensions).toMatchObject({ cost: 101, budget: 50 });
    expect((await platform.query(page(5))).errors).toBeUndefined();
  });

  test('issue 12: an answer over MAX_RESPONSE_BYTES is not sent: RESPONSE_TOO_LARGE, with its size and the limit', async () => {
    // 20 documents' bodies cost 21 (within the budget of 50) but weigh far more than 2 KB.
    const big = await platform.query('{ documents(first: 20) { nodes { title body } } }');
    expect(big.status).toBe(400);
    expect(errorCodes(big)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(big.errors![0].message).toMatch(/over the limit of .* MB .*smaller pages/);
    expect(big.errors![0].extensions).toMatchObject({ limit: 2048 });
    expect(big.errors![0].extensions!.size).toBeGreaterThan(2048);
    expect(big.data ?? null).toBeNull();
    // A small answer is sent whole.
    const small = await platform.query('{ documents(first: 1) { nodes { title } } }');
    expect(small.status).toBe(200);
    expect(small.data!.documents.nodes).toHaveLength(1);
  });
  test('issue 12: the content subgraph stops putting long bodies in an answer once it passes the limit, and does not build the rest', async () => {
    const long = `<p>${'Rada Miasta Krakowa przyjęła uchwałę. '.repeat(1600)}</p>`; // ~60,000 characters
    for (const title of ['Uchwała 1', 'Uchwała 2', 'Uchwała 3']) {
      const input = {
        channelId: channel('kultura-web'),
        responsibleUnitId: unit('kultura'),
        kind: 'NEWS',
        title,
        body: long,
      };
      // Asking only for the id: the mutation's answer must itself stay under the 2 KB limit.
      const created = await platform.query(
        'mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }',
        { input },
        'tomasz.zielinski',
      );
      const id = created.data!.createDocument.id as string;
      const published = await platform.query(
        'mutation($id: ID!) { publishDocument(id: $id) { id } }',
        { id },
        'tomasz.zielinski',
      );
      expect(published.errors).toBeUndefined();
    }
    const query = '{ documents(first: 20) { nodes { title body } } }';
    const direct = await platform.signedPost(platform.subgraphUrls.content, { query });
    expect(errorCodes(direct)).toContain('RESPONSE_TOO_LARGE');
    // Three bodies alone are 180,000 characters; the subgraph's answer holds none of them.
    expect(JSON.stringify(direct).length).toBeLessThan((3 * long.length) / 4);
    const through = await platform.query(query);
    expect(through.status).toBe(400);
    expect(errorCodes(through)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(through.errors![0].message).toMatch(/^The answer is more than .* MB, over the limit of 0.002 MB/);
    expect(through.data ?? null).toBeNull();
  });
});
