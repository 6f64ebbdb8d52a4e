/**
 * Issue 14, part 3: field usage per client. The gateway counts the schema coordinates (`Type.field`) each client's
 * operations use (a partner by its key, a frontend by apollographql-client-name/-version, anonymous otherwise), per
 * day, and sends the counts to the access subgraph; the editorial office reads them (schemaUsage, unusedFields), and
 * `npm run compose` names who used a field a change removes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { changedFields, reportFieldUsage } from '../../scripts/compose-usage';
import { SUBGRAPH_NAMES, loadConfig } from '../../platform/config';
import { schemaPath } from '../../platform/schema-file';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const PARTNER_FEED =
  'query PartnerFeed { documents(first: 2) { nodes { ...Teaser } } } fragment Teaser on Document { title lead }';
const FRONTEND_FEED = 'query FrontendFeed { documents(first: 1) { nodes { id lead } } }';
const ANONYMOUS_FEED = 'query AnonymousFeed { documents(first: 1) { nodes { slug } } }';
const FRONTEND = { 'apollographql-client-name': 'www-krakow', 'apollographql-client-version': '2.3.0' };
const USAGE =
  'query($c: String!, $from: String!, $to: String!) { schemaUsage(coordinate: $c, from: $from, to: $to) ' +
  '{ client { kind name version partner { name } } count lastUsedOn } }';
const UNUSED = 'query($since: String!) { unusedFields(since: $since) }';
const today = () => new Date().toISOString().slice(0, 10);

/** The supergraph composed with the content subgraph's SDL edited. */
function supergraphWithContent(edit: (sdl: string) => string): string {
  const config = loadConfig({});
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => {
      const sdl = fs.readFileSync(schemaPath(name), 'utf8');
      return { name, url: config.urls[name], typeDefs: parse(name === 'content' ? edit(sdl) : sdl) };
    }),
  );
  expect(result.errors).toBeUndefined();
  return result.supergraphSdl!;
}
const LEAD = /\n {2}"Lead paragraph \(lid\), plain text\."\n {2}lead: String\n/;
const supergraphWithoutLead = () => supergraphWithContent((sdl) => sdl.replace(LEAD, '\n'));

describe('issue 14: field usage per client', () => {
  let platform: TestPlatform;
  let partnerName: string;
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
    expect(json.errors).toBeUndefined();
    return response.headers.get('x-mpi-cache');
  };
  const usage = async (coordinate: string) => {
    const answer = await platform.query(USAGE, { c: coordinate, from: today(), to: today() }, 'anna.kowalczyk');
    expect(answer.errors).toBeUndefined();
    return answer.data!.schemaUsage as {
      client: { kind: string; name: string | null; version: string | null; partner: { name: string } | null };
      count: number;
      lastUsedOn: string;
    }[];
  };

  beforeAll(async () => {
    // A short flush interval: the first test waits for the gateway's own flush, the others flush at once.
    platform = await startTestPlatform({ FIELD_USAGE_FLUSH_INTERVAL_MS: '300' });
    partnerName = 'Dziennik Polski';
    const partner = await platform.query(
      'mutation($n: String!) { registerPartner(name: $n, contact: "api@dziennik.pl") { id } }',
      { n: partnerName },
      'anna.kowalczyk',
    );
    const partnerId = partner.data!.registerPartner.id as string;
    const manifest = JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256(PARTNER_FEED), name: 'PartnerFeed', type: 'query', body: PARTNER_FEED }],
    });
    const upload = await platform.query(
      'mutation($id: ID!, $m: String!) { uploadPersistedQueryManifest(partnerId: $id, manifest: $m) { accepted } }',
      { id: partnerId, m: manifest },
      'anna.kowalczyk',
    );
    expect(upload.data!.uploadPersistedQueryManifest.accepted).toBe(1);
    const issued = await platform.query(
      'mutation($id: ID!) { issuePartnerKey(partnerId: $id) { key } }',
      { id: partnerId },
      'anna.kowalczyk',
    );
    const key = issued.data!.issuePartnerKey.key as string;

    await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(PARTNER_FEED) } } },
      { 'x-api-key': key },
    );
    expect(await post({ query: FRONTEND_FEED }, FRONTEND)).toBe('MISS');
    // The second time the response cache answers: Apollo never sees it, and it counts all the same.
    expect(await post({ query: FRONTEND_FEED }, FRONTEND)).toBe('HIT');
    await post({ query: ANONYMOUS_FEED });
  });
  afterAll(() => platform?.stop());

  test('issue 14: after a flush, schemaUsage names each client that used a field, with its count', async () => {
    // No explicit flush: the gateway sends its counts every FIELD_USAGE_FLUSH_INTERVAL_MS.
    // The three requests may be sent in two flushes: wait until the last one (anonymous, the only use of slug) is in.
    let [lead, slug] = [await usage('Document.lead'), await usage('Document.slug')];
    for (let tries = 0; (lead.length < 2 || slug.length < 1) && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [lead, slug] = [await usage('Document.lead'), await usage('Document.slug')];
    }
    expect(lead).toEqual([
      {
        client: { kind: 'FRONTEND', name: 'www-krakow', version: '2.3.0', partner: null },
        count: 2,
        lastUsedOn: today(),
      },
      {
        client: { kind: 'PARTNER', name: partnerName, version: null, partner: { name: partnerName } },
        count: 1,
        lastUsedOn: today(),
      },
    ]);
    expect(slug).toEqual([
      { client: { kind: 'ANONYMOUS', name: null, version: null, partner: null }, count: 1, lastUsedOn: today() },
    ]);
  });

  test('issue 14: a fragment counts its fields; so does the list the operation walks through', async () => {
    await platform.gateway.fieldUsage.flush();
    expect((await usage('Document.title')).map((u) => [u.client.kind, u.count])).toEqual([['PARTNER', 1]]);
    expect((await usage('DocumentConnection.nodes')).map((u) => u.count).reduce((a, b) => a + b)).toBe(4);
    expect((await usage('Query.documents')).map((u) => u.client.kind).sort()).toEqual([
      'ANONYMOUS',
      'FRONTEND',
      'PARTNER',
    ]);
  });

  test('issue 14: counts add up with what is recorded; client names are told apart as written', async () => {
    await platform.gateway.fieldUsage.flush();
    await post({ query: FRONTEND_FEED }, FRONTEND);
    await post({ query: FRONTEND_FEED }, { 'apollographql-client-name': 'WWW-Krakow' });
    await platform.gateway.fieldUsage.flush();
    const lead = await usage('Document.lead');
    expect(lead.find((u) => u.client.name === 'www-krakow')!.count).toBe(3);
    expect(lead.find((u) => u.client.name === 'WWW-Krakow')).toMatchObject({
      client: { kind: 'FRONTEND', version: null },
      count: 1,
    });
  });

  test('issue 14: unusedFields lists a field nobody queried and not one somebody did', async () => {
    await platform.gateway.fieldUsage.flush();
    const answer = await platform.query(UNUSED, { since: today() }, 'anna.kowalczyk');
    expect(answer.errors).toBeUndefined();
    const unused = answer.data!.unusedFields as string[];
    expect(unused).toContain('Document.body');
    expect(unused).not.toContain('Document.lead');
    expect(unused).not.toContain('Query.documents');
    expect(unused).toEqual([...unused].sort());
  });

  test('issue 14: only the editorial office reads field usage: anonymous UNAUTHENTICATED, others FORBIDDEN', async () => {
    const variables = { c: 'Document.lead', from: today(), to: today() };
    expect(errorCodes(await platform.query(USAGE, variables))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await platform.query(USAGE, variables, 'pawel.mazur'))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await platform.query(USAGE, variables, 'jan.wojcik'))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await platform.query(UNUSED, { since: today() }))).toEqual(['UNAUTHENTICATED']);
    const refused = await platform.query(UNUSED, { since: today() }, 'pawel.mazur');
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toMatch(/Only the editorial office may read how clients use the API/);
  });

  test('issue 14: a field not Type.field of the API, a day or period that makes no sense: BAD_USER_INPUT', async () => {
    const ask = (c: string, from: string, to: string) => platform.query(USAGE, { c, from, to }, 'anna.kowalczyk');
    const cases: [Promise<{ errors?: { message: string }[] }>, RegExp][] = [
      [ask('Document', today(), today()), /Write the field as Type\.field, e\.g\. Document\.lead/],
      [ask('Document.leadd', today(), today()), /The API has no field Document\.leadd/],
      [ask('Document.lead', '2026-02-30', '2026-03-01'), /"from" must be a day written YYYY-MM-DD/],
      [ask('Document.lead', '2026-11-20', '2026-11-01'), /"from" \(2026-11-20\) is after "to" \(2026-11-01\)/],
      [ask('Document.lead', '2024-01-01', '2026-01-01'), /A period is at most 366 days/],
      [platform.query(UNUSED, { since: '2999-01-01' }, 'anna.kowalczyk'), /"since" \(2999-01-01\) is after today/],
      [platform.query(UNUSED, { since: 'yesterday' }, 'anna.kowalczyk'), /"since" must be a day written YYYY-MM-DD/],
    ];
    for (const [answer, message] of cases) {
      const response = await answer;
      expect(errorCodes(response as never)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].message).toMatch(message);
    }
  });

  test("issue 14: the counting mutation is the gateway's own: not in the API, refused to all but services", async () => {
    const entries = [
      {
        day: today(),
        clientKind: 'ANONYMOUS',
        clientName: '',
        clientVersion: '',
        coordinate: 'Document.body',
        count: 1,
      },
    ];
    const mutation = 'mutation($e: [FieldUsageInput!]!) { recordFieldUsage(entries: $e) }';
    expect(new Set(errorCodes(await platform.query(mutation, { e: entries }, 'anna.kowalczyk')))).toEqual(
      new Set(['GRAPHQL_VALIDATION_FAILED']),
    );
    const direct = await platform.signedPost(
      platform.subgraphUrls.access,
      { query: mutation, variables: { e: entries } },
      `Bearer ${await platform.token('anna.kowalczyk')}`,
    );
    expect(errorCodes(direct)).toEqual(['FORBIDDEN']);
  });

  test('issue 14: npm run compose names the clients that used a field the change removes', async () => {
    await platform.gateway.fieldUsage.flush();
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      const current = fs.readFileSync(platform.config.supergraphPath, 'utf8');
      await reportFieldUsage(
        current,
        supergraphWithoutLead(),
        platform.gatewayUrl,
        await platform.token('anna.kowalczyk'),
      );
      await reportFieldUsage(current, current, platform.gatewayUrl, await platform.token('anna.kowalczyk'));
    } finally {
      jest.restoreAllMocks();
    }
    const report = lines.join('\n');
    expect(report).toMatch(/Field usage of the 1 field\(s\) this change removes or changes/);
    const day = today();
    expect(report).toContain(
      `Document.lead (removed): used by frontend "www-krakow" 2.3.0 (3, last on ${day}); ` +
        `partner "${partnerName}" (1, last on ${day}); frontend "WWW-Krakow" (1, last on ${day})`,
    );
    expect(report).toMatch(/the change removes or changes no field of the API/);
  });

  test('issue 14: compose tells a changed field from a removed one: its type, its arguments', () => {
    const changed = supergraphWithContent((sdl) =>
      sdl
        .replace(LEAD, '\n  "Lead."\n  lead: String!\n')
        .replace(
          '    "Cursor after which to continue."\n    after: String\n  ): DocumentConnection!',
          '  ): DocumentConnection!',
        ),
    );
    const changes = changedFields(fs.readFileSync(platform.config.supergraphPath, 'utf8'), changed);
    expect(changes).toContainEqual({ coordinate: 'Document.lead', change: 'type String → String!' });
    expect(changes).toContainEqual({ coordinate: 'Section.documents', change: 'argument after removed' });
  });
});
