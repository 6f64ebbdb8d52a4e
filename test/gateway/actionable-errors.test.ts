/**
 * Issue 11, "Errors a person can act on": a malformed date-time, a query that does not parse, a query
 * over a limit and a mistyped enum value are the caller's mistakes. Each is refused with HTTP 400 and a
 * code and sentence that say what to fix, never an internal error with a subgraph's internal address;
 * in production no "Did you mean…" reveals the schema.
 */
import { SubgraphDataSource } from '../../gateway/datasource';
import { channel, unit, person } from '../support/documents';
import { errorCodes, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';

const ISO_HINT = /ISO 8601, e\.g\. 2026-11-25T09:30:00Z/;
const FEED_FROM = 'query Feed($from: DateTime) { documents(first: 2, publishedFrom: $from) { nodes { title } } }';
const OPEN_TICKET = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { id } }';
const ticket = (deadline: string) => ({
  channelId: channel('portal'),
  vendor: 'Asseco',
  title: 'Błąd formularza',
  description: 'Formularz nie wysyła się.',
  priority: 'HIGH',
  deadline,
});

/** Nothing of the platform's inside (a subgraph's address, its raw answer) is in what the caller gets. */
function expectNothingInternal(platform: TestPlatform, response: GraphQLResponse): void {
  const text = JSON.stringify(response);
  for (const url of Object.values(platform.subgraphUrls)) expect(text).not.toContain(new URL(url).host);
  expect(text).not.toMatch(/"response"|400: Bad Request|Internal server error/);
}

async function post(platform: TestPlatform, body: unknown): Promise<GraphQLResponse> {
  const response = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

const subgraphRequests = (platform: TestPlatform) =>
  Object.values(platform.subgraphs).reduce((sum, subgraph) => sum + subgraph.requests.count, 0);

describe('errors a person can act on (issue 11), in development', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ NODE_ENV: 'development' });
  });
  afterAll(() => platform?.stop());

  test('a malformed DateTime literal is BAD_USER_INPUT naming the argument and the format, before any subgraph is called', async () => {
    const before = subgraphRequests(platform);
    const response = await platform.query('{ documents(first: 2, publishedFrom: "yesterday") { nodes { title } } }');
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/^"publishedFrom" must be a date-time in ISO 8601/);
    expect(response.errors![0].message).toMatch(/"yesterday" is not one/);
    expect(response.errors![0].extensions).toMatchObject({ field: 'publishedFrom' });
    expectNothingInternal(platform, response);
    expect(subgraphRequests(platform)).toBe(before);
  });

  test('a malformed DateTime in a variable, also inside an input object, names the field and the variable', async () => {
    const feed = await platform.query(FEED_FROM, { from: '31.12.2026' });
    expect(feed.status).toBe(400);
    expect(errorCodes(feed)).toEqual(['BAD_USER_INPUT']);
    expect(feed.errors![0].message).toMatch(/^"publishedFrom" \(variable \$from\) must be a date-time/);
    expect(feed.errors![0].message).toMatch(ISO_HINT);
    expectNothingInternal(platform, feed);

    const opened = await platform.query(OPEN_TICKET, { input: ticket('31.12.2026') }, 'anna.kowalczyk');
    expect(errorCodes(opened)).toEqual(['BAD_USER_INPUT']);
    expect(opened.errors![0].message).toMatch(
      /^"input\.deadline" \(variable \$input\) must be a date-time.*"31\.12\.2026" is not one/,
    );
    expectNothingInternal(platform, opened);

    const designate = `mutation { designatePublisher(input: { unitId: "${unit('kultura')}", personId: "${person('kultura-staff-1')}", validUntil: "2026-13-45" }) { id } }`;
    const designated = await platform.query(designate, {}, 'maria.wisniewska');
    expect(errorCodes(designated)).toEqual(['BAD_USER_INPUT']);
    expect(designated.errors![0].message).toMatch(/^"input\.validUntil" must be a date-time.*"2026-13-45" is not one/);
    expectNothingInternal(platform, designated);
  });

  test('a day that is not on the calendar is not a date-time; well-formed instants pass', async () => {
    expect(errorCodes(await platform.query(FEED_FROM, { from: '2026-02-30T10:00:00Z' }))).toEqual(['BAD_USER_INPUT']);
    const fine = await platform.query(FEED_FROM, { from: '2020-01-01T00:00:00Z' });
    expect(fine.errors).toBeUndefined();
    expect(fine.data!.documents.nodes.length).toBeGreaterThan(0);
    const opened = await platform.query(OPEN_TICKET, { input: ticket('2026-12-31T12:00:00.000Z') }, 'anna.kowalczyk');
    expect(opened.errors).toBeUndefined();
  });

  test('a subgraph asked directly refuses a malformed DateTime as BAD_USER_INPUT too, literal or variable', async () => {
    const direct = (body: unknown) => platform.signedPost(platform.subgraphUrls.content, body);
    const literal = await direct({ query: '{ documents(first: 1, publishedFrom: "yesterday") { nodes { id } } }' });
    expect(literal.status).toBe(400);
    expect(errorCodes(literal)).toEqual(['BAD_USER_INPUT']);
    expect(literal.errors![0].message).toMatch(ISO_HINT);
    const variable = await direct({ query: FEED_FROM, variables: { from: 'yesterday' } });
    expect(errorCodes(variable)).toEqual(['BAD_USER_INPUT']);
  });

  test("a subgraph's HTTP refusal reaches the caller as its own reason and code, without the subgraph's address", async () => {
    const source = new SubgraphDataSource('http://10.0.0.7:4002/graphql', new Uint8Array(32), { name: 'access' });
    const refusal = (status: number, body: unknown) =>
      ({
        url: 'http://10.0.0.7:4002/graphql',
        status,
        statusText: 'Bad Request',
        ok: false,
        headers: new Headers(),
        text: async () => JSON.stringify(body),
        json: async () => body,
      }) as never;
    const relayed = await source.errorFromResponse(
      refusal(400, {
        errors: [{ message: 'A date-time must be written in ISO 8601.', extensions: { code: 'BAD_USER_INPUT' } }],
      }),
    );
    expect(relayed.message).toBe('A date-time must be written in ISO 8601.');
    expect(relayed.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    const broken = await source.errorFromResponse(refusal(502, '<html>proxy error</html>'));
    // Issue 12: a subgraph that fails is SUBGRAPH_UNAVAILABLE (its fields null, at their paths), not an internal error.
    expect(broken.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE' });
    expect(JSON.stringify({ message: broken.message, extensions: broken.extensions })).not.toContain('10.0.0.7');
    expect(broken.originalError?.message).toContain('10.0.0.7'); // for the log
  });

  test('a query that does not parse is HTTP 400 GRAPHQL_PARSE_FAILED, not 500', async () => {
    const response = await post(platform, { query: '{ documents(first: 2 { nodes { title } } }' });
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(response.errors![0].message).toMatch(/^Syntax Error/);
  });

  test('an operationName the document does not hold is HTTP 400 OPERATION_RESOLUTION_FAILURE naming what it holds, not 500', async () => {
    const stale = await post(platform, {
      query: '{ documents(first: 1) { nodes { title } } }',
      operationName: 'ChannelOverview',
    });
    expect(stale.status).toBe(400);
    expect(errorCodes(stale)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    expect(stale.errors![0].message).toBe(
      'Unknown operation named "ChannelOverview"; the document holds one operation: (anonymous).',
    );
    const unnamed = await post(platform, { query: 'query A { __typename } query B { __typename }' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.errors![0].message).toBe(
      'Name the operation to run in "operationName"; the document holds 2 operations: A, B.',
    );
    expectNothingInternal(platform, stale);
    // A subscription as an ordinary request: it says how to ask for the stream.
    const subscription = await post(platform, { query: 'subscription { documentPublished { id } }' });
    expect(subscription.status).toBe(400);
    expect(errorCodes(subscription)).toEqual(['BAD_REQUEST']);
    expect(subscription.errors![0].message).toMatch(
      /live update stream: send it to \/graphql with `Accept: text\/event-stream`/,
    );
  });

  test('a query over the token or alias limit is HTTP 400 and says which limit, not 500', async () => {
    const long = await post(platform, { query: `{ ${Array.from({ length: 2100 }, () => '__typename').join(' ')} }` });
    expect(long.status).toBe(400);
    expect(errorCodes(long)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(long.errors![0].message).toBe(
      'The query is longer than the limit of 2000 tokens; split it into smaller queries.',
    );

    const aliased = await post(platform, {
      query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: graphicLine { version }`).join(' ')} }`,
    });
    expect(aliased.status).toBe(400);
    expect(errorCodes(aliased)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(aliased.errors![0].message).toBe(
      'Aliases limit of 15 exceeded (found 20); split the query into smaller ones.',
    );
  });
});

describe('errors a person can act on (issue 11), in production', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // Production needs Sezam's JWKS address and the shared secret; these requests are anonymous, so neither is reached.
    platform = await startTestPlatform({
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      INTERNAL_SECRET: 'test-secret-'.repeat(4),
      RESPONSE_CACHE: 'off',
    });
  });
  afterAll(() => platform?.stop());

  test('a malformed DateTime is BAD_USER_INPUT with its reason, not "Internal server error"', async () => {
    const literal = await platform.query('{ documents(first: 2, publishedFrom: "yesterday") { nodes { title } } }');
    expect(errorCodes(literal)).toEqual(['BAD_USER_INPUT']);
    expect(literal.errors![0].message).toMatch(ISO_HINT);
    expectNothingInternal(platform, literal);
    const nested = await platform.query(OPEN_TICKET, { input: ticket('2026-13-45') });
    expect(errorCodes(nested)).toEqual(['BAD_USER_INPUT']);
    expect(nested.errors![0].message).toMatch(/^"input\.deadline"/);
    expectNothingInternal(platform, nested);
  });

  test('no enum suggestions in production, in literals or variables, at the gateway or a subgraph', async () => {
    const literal = await platform.query('{ channels(kind: WEBSIT) { nodes { name } } }');
    expect(errorCodes(literal)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(literal.errors![0].message).toBe('Value "WEBSIT" does not exist in "ChannelKind" enum.');
    const variable = await platform.query('query($kind: ChannelKind) { channels(kind: $kind) { nodes { name } } }', {
      kind: 'WEBSIT',
    });
    expect(errorCodes(variable)).toEqual(['BAD_USER_INPUT']);
    expect(variable.errors![0].message).toMatch(/"WEBSIT" does not exist in "ChannelKind" enum\.$/);
    for (const body of [
      { query: '{ channels(kind: WEBSIT) { nodes { name } } }' },
      {
        query: 'query($kind: ChannelKind) { channels(kind: $kind) { nodes { name } } }',
        variables: { kind: 'WEBSIT' },
      },
    ]) {
      const direct = await platform.signedPost(platform.subgraphUrls.lifecycle, body);
      expect(direct.errors![0].message).toMatch(/does not exist in "ChannelKind" enum\.$/);
    }
    for (const response of [literal, variable]) expect(JSON.stringify(response)).not.toMatch(/Did you mean|WEBSITE/);
  });
});
