import { SEARCH, UNPUBLISH_DOCUMENT, UPDATE_DOCUMENT } from '../support/operations';
import { cultureDocument } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const titles = (response: { data?: Record<string, any> | null }) => response.data!.search.nodes.map((d: { title: string }) => d.title) as string[];

describe('full-text search over published documents', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-2.3 diacritics do not matter: "krakow" finds "Kraków" and "Łokietka" finds "lokietka"', async () => {
    const withAccents = titles(await platform.query(SEARCH, { query: 'Kraków', first: 50 }));
    const without = titles(await platform.query(SEARCH, { query: 'krakow', first: 50 }));
    expect(without.length).toBeGreaterThan(0);
    expect(without).toEqual(withAccents);
    expect(without).toContain('Kraków Europejską Stolicą Kultury Ekologicznej – program na 2027 rok');
    expect(titles(await platform.query(SEARCH, { query: 'lokietka' }))).toEqual(['Utrudnienia w ruchu: ulica Łokietka']);
    expect(titles(await platform.query(SEARCH, { query: 'ŁOKIETKA' }))).toEqual(['Utrudnienia w ruchu: ulica Łokietka']);
  });

  test('every word must occur, as a word or the start of one; newest first', async () => {
    const both = titles(await platform.query(SEARCH, { query: 'utrudnienia Dietla' }));
    expect(both).toEqual(['Utrudnienia w ruchu: ulica Dietla']);
    const prefix = titles(await platform.query(SEARCH, { query: 'utrudn', first: 100 }));
    expect(prefix.length).toBe(35);
    expect(titles(await platform.query(SEARCH, { query: 'zzzyzzx' }))).toEqual([]);
  });

  test('drafts are never found; a published change is found at once; a document taken down is gone', async () => {
    const id = await cultureDocument(platform, { title: 'Festiwal Pierogów na Małym Rynku' }, { draft: true });
    expect(titles(await platform.query(SEARCH, { query: 'pierogow' }))).toEqual([]);
    await platform.query('mutation($id: ID!) { publishDocument(id: $id) { id } }', { id }, 'tomasz.zielinski');
    expect(titles(await platform.query(SEARCH, { query: 'pierogów' }))).toEqual(['Festiwal Pierogów na Małym Rynku']);
    await platform.query(UPDATE_DOCUMENT, { id, input: { body: '<p>Gościem będzie zespół Zakopower</p>' }, reason: 'Program' }, 'tomasz.zielinski');
    expect(titles(await platform.query(SEARCH, { query: 'zakopower' }))).toEqual(['Festiwal Pierogów na Małym Rynku']);
    await platform.query(UNPUBLISH_DOCUMENT, { id, reason: 'Odwołany' }, 'tomasz.zielinski');
    expect(titles(await platform.query(SEARCH, { query: 'pierogow' }))).toEqual([]);
  });

  test('results page with cursors like every list', async () => {
    const first = await platform.query(SEARCH, { query: 'utrudnienia', first: 20 });
    const second = await platform.query(SEARCH, { query: 'utrudnienia', first: 20, after: first.data!.search.pageInfo.endCursor });
    expect(titles(first)).toHaveLength(20);
    expect(titles(second)).toHaveLength(15);
    expect(new Set([...titles(first), ...titles(second)]).size).toBe(35);
    expect(second.data!.search.pageInfo.hasNextPage).toBe(false);
  });

  test('a query with no word of 3 letters is refused with a reason; odd characters are harmless', async () => {
    const response = await platform.query(SEARCH, { query: 'w na' });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/at least one word of 3/);
    const odd = await platform.query(SEARCH, { query: '"Dietla" OR * NEAR( -- ; DROP TABLE document' });
    expect(odd.errors).toBeUndefined();
  });
});
