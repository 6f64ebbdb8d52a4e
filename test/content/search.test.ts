import { searchIndexFor, searchWords } from '../../subgraphs/content/domain/search';
import { findInGroonga, groongaAvailable, groongaInUse } from '../../subgraphs/content/domain/search/groonga';
import { findInInnoDB } from '../../subgraphs/content/domain/search/mariadb';
import { rebuildSearchIndex } from '../../subgraphs/content/domain/search/rebuild';
import { SEARCH, UNPUBLISH_DOCUMENT, UPDATE_DOCUMENT } from '../support/operations';
import { channel, cultureDocument } from '../support/documents';
import { errorCodes, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';

const titles = (response: { data?: Record<string, any> | null }) =>
  response.data!.search.nodes.map((d: { title: string }) => d.title) as string[];

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
    expect(titles(await platform.query(SEARCH, { query: 'lokietka' }))).toEqual([
      'Utrudnienia w ruchu: ulica Łokietka',
    ]);
    expect(titles(await platform.query(SEARCH, { query: 'ŁOKIETKA' }))).toEqual([
      'Utrudnienia w ruchu: ulica Łokietka',
    ]);
  });

  test('every word must occur; the last one may be the start of a word', async () => {
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
    await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { body: '<p>Gościem będzie zespół Zakopower</p>' }, reason: 'Program' },
      'tomasz.zielinski',
    );
    expect(titles(await platform.query(SEARCH, { query: 'zakopower' }))).toEqual(['Festiwal Pierogów na Małym Rynku']);
    await platform.query(UNPUBLISH_DOCUMENT, { id, reason: 'Odwołany' }, 'tomasz.zielinski');
    expect(titles(await platform.query(SEARCH, { query: 'pierogow' }))).toEqual([]);
  });

  test('results page with cursors like every list', async () => {
    const first = await platform.query(SEARCH, { query: 'utrudnienia', first: 20 });
    const second = await platform.query(SEARCH, {
      query: 'utrudnienia',
      first: 20,
      after: first.data!.search.pageInfo.endCursor,
    });
    expect(titles(first)).toHaveLength(20);
    expect(titles(second)).toHaveLength(15);
    expect(new Set([...titles(first), ...titles(second)]).size).toBe(35);
    expect(second.data!.search.pageInfo.hasNextPage).toBe(false);
  });

  test('R-2.1 paging through results while a document is published: none repeated, none lost', async () => {
    const stalls = Array.from({ length: 24 }, (_, i) => `Kiermasz świąteczny, stoisko ${i + 1}`);
    for (const title of stalls) await cultureDocument(platform, { title });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const response: GraphQLResponse = await platform.query(SEARCH, { query: 'kiermasz', first: 5, after });
      seen.push(...titles(response));
      // Ranked above all the others (the word twice in the title), published between pages.
      if (page === 1) await cultureDocument(platform, { title: 'Kiermasz, kiermasz: mapa stoisk' });
      if (!response.data!.search.pageInfo.hasNextPage) break;
      after = response.data!.search.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((title) => stalls.includes(title)).sort()).toEqual([...stalls].sort());
  });

  test('a query with no word of 3 letters is refused with a reason; odd characters are harmless', async () => {
    const response = await platform.query(SEARCH, { query: 'w na' });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/at least one word of 3/);
    const odd = await platform.query(SEARCH, { query: '"Dietla" OR * NEAR( -- ; DROP TABLE document' });
    expect(odd.errors).toBeUndefined();
  });

  describe('R-2.1 in inflected Polish, most relevant first', () => {
    const OFFICE = 'Urząd Stanu Cywilnego przeniesiony na ulicę Lubelską';
    const TURTLE = 'Żółw błotny wrócił nad Zalew Nowohucki';
    const VOTE = 'Mieszkańcy Nowej Huty głosują nad zielenią';
    beforeAll(async () => {
      await cultureDocument(platform, {
        title: OFFICE,
        body: '<p>Od poniedziałku urząd przyjmuje interesantów w nowym miejscu.</p>',
      });
      await cultureDocument(platform, { title: TURTLE, body: '<p>Przyrodnicy policzyli zwierzęta.</p>' });
      await cultureDocument(platform, {
        title: VOTE,
        body: '<p>Głosowanie trwa w bibliotekach i szkołach dzielnicy.</p>',
      });
    });

    // Sample documents mention an office, residents, voting and schools too: each must be among the results.
    test.each([
      ['urzędu', OFFICE],
      ['urzędzie', OFFICE],
      ['urzędy', OFFICE],
      ['żółwie', TURTLE],
      ['żółwiami błotnymi', TURTLE],
      ['mieszkańców', VOTE],
      ['mieszkaniec', VOTE],
      ['głosujemy', VOTE],
      ['głosowania', VOTE],
      ['biblioteka', VOTE],
      ['szkoła', VOTE],
    ])('R-2.1 "%s" finds "%s": inflected forms of nouns and verbs find each other', async (query, title) => {
      expect(titles(await platform.query(SEARCH, { query, first: 50 }))).toContain(title);
    });

    test.each([
      ['urzedu', OFFICE],
      ['zolwie', TURTLE],
      ['mieszkancow', VOTE],
      ['glosujemy', VOTE],
      ['bibliotece', VOTE],
    ])('R-2.1 without Polish letters: "%s" finds "%s"', async (query, title) => {
      expect(titles(await platform.query(SEARCH, { query, first: 50 }))).toContain(title);
    });

    test('R-2.1 base forms widen a word, not the query: what else is found has the word too', async () => {
      expect(titles(await platform.query(SEARCH, { query: 'żółwie' }))).toEqual([TURTLE]);
      expect(titles(await platform.query(SEARCH, { query: 'urzędu' })).sort()).toEqual([
        OFFICE,
        'Zarządzenie w sprawie regulaminu organizacyjnego Urzędu Miasta Krakowa',
      ]);
      expect(titles(await platform.query(SEARCH, { query: 'mieszkańców huty' })).sort()).toEqual([
        VOTE,
        'Prezydent spotkał się z mieszkańcami Nowej Huty',
      ]);
      expect(titles(await platform.query(SEARCH, { query: 'urzędu żółwie' }))).toEqual([]);
    });

    test('R-2.1 "Krakowie" and "krakowa" find "Kraków", "Krakowa" and "Krakowie" alike', async () => {
      const inflected = titles(await platform.query(SEARCH, { query: 'Krakowie', first: 100 }));
      expect(inflected).toContain('Kraków Europejską Stolicą Kultury Ekologicznej – program na 2027 rok');
      expect(inflected).toContain('Noc Muzeów w Krakowie: ponad 40 instytucji otwartych do północy');
      expect(inflected).toContain('Sesja Rady Miasta Krakowa – najważniejsze uchwały');
      expect(titles(await platform.query(SEARCH, { query: 'krakowa', first: 100 })).sort()).toEqual(
        [...inflected].sort(),
      );
    });

    test('R-2.1 results of one channel only', async () => {
      const ON_CHANNEL =
        'query($q: String!, $c: ID) { search(query: $q, channelId: $c, first: 100) { nodes { title channel { id } } } }';
      const everywhere = (await platform.query(ON_CHANNEL, { q: 'krakowa' })).data!.search.nodes as {
        title: string;
        channel: { id: string };
      }[];
      const portal = (await platform.query(ON_CHANNEL, { q: 'krakowa', c: channel('portal') })).data!.search
        .nodes as typeof everywhere;
      expect(portal.length).toBeGreaterThan(0);
      expect(portal.length).toBeLessThan(everywhere.length);
      expect(portal.map((d) => d.title)).toEqual(
        everywhere.filter((d) => d.channel.id === channel('portal')).map((d) => d.title),
      );
    });

    test('R-2.1 the last word is also the start of a longer one, as people type', async () => {
      expect(titles(await platform.query(SEARCH, { query: 'żółw nowohu' }))).toEqual([TURTLE]);
      expect(titles(await platform.query(SEARCH, { query: 'nowohu żółw' }))).toEqual([]);
    });

    test('R-2.1 ranking: words in the title come before a newer document that mentions them once', async () => {
      const inTitle = 'Jeże w Ogrodzie Botanicznym';
      const mentioned = 'Program weekendu w parkach miejskich';
      await cultureDocument(platform, { title: inTitle, body: '<p>Opiekunowie jeży opowiedzą o ogrodzie.</p>' });
      await cultureDocument(platform, {
        title: mentioned,
        body: '<p>W sobotę koncert kameralny, warsztaty plastyczne i spacer z przewodnikiem po Plantach. W niedzielę jeż z ośrodka rehabilitacji odwiedzi ogród przy ulicy Kopernika, a potem piknik.</p>',
      });
      expect(titles(await platform.query(SEARCH, { query: 'jeży ogrody' }))).toEqual([inTitle, mentioned]);
      expect(titles(await platform.query(SEARCH, { query: 'jeża' }))).toEqual([inTitle, mentioned]);
    });

    test('R-2.1 equally relevant documents: the newer first', async () => {
      await cultureDocument(platform, { title: 'Zbiórka kasztanów 1' });
      await cultureDocument(platform, { title: 'Zbiórka kasztanów 2' });
      expect(titles(await platform.query(SEARCH, { query: 'kasztany' }))).toEqual([
        'Zbiórka kasztanów 2',
        'Zbiórka kasztanów 1',
      ]);
      const first = await platform.query(SEARCH, { query: 'kasztan', first: 1 });
      const second = await platform.query(SEARCH, {
        query: 'kasztan',
        first: 1,
        after: first.data!.search.pageInfo.endCursor,
      });
      expect([...titles(first), ...titles(second)]).toEqual(['Zbiórka kasztanów 2', 'Zbiórka kasztanów 1']);
      expect(second.data!.search.pageInfo.hasNextPage).toBe(false);
    });

    test('R-2.1 the index is rebuilt by one command (npm run search:rebuild): lost entries back, stale ones gone', async () => {
      const db = platform.subgraphs.content.db;
      const [{ id: turtle }] = (await db.query('SELECT id FROM document WHERE title = ?', [TURTLE])) as {
        id: string;
      }[];
      const draft = await cultureDocument(platform, { title: 'Szkic o jeżach' }, { draft: true });
      const index = searchIndexFor(db);
      await db.transaction(async (tx) => {
        await index.remove(tx, turtle);
        await index.put(tx, draft, { title: 'szkic jezach jez', body: '' });
      });
      await platform.subgraphs.content.relay?.deliver(); // where a search engine copies the index, after the commit
      expect(titles(await platform.query(SEARCH, { query: 'żółwie' }))).toEqual([]);
      const { indexed, removed } = await rebuildSearchIndex(db);
      await platform.subgraphs.content.relay?.deliver(); // the rebuild announces that cached answers are stale
      expect(indexed).toBeGreaterThan(30);
      expect(removed).toBe(1);
      expect(titles(await platform.query(SEARCH, { query: 'żółwie' }))).toEqual([TURTLE]);
      expect(titles(await platform.query(SEARCH, { query: 'szkic' }))).toEqual([]);
    });
  });

  // On MariaDB with Mroonga, search answers from Groonga; without it, from InnoDB's FULLTEXT. Both
  // must find the same documents (they rank them by different measures of relevance).
  test('R-2.1 on MariaDB, Groonga and InnoDB FULLTEXT find the same documents; Groonga is used where the server has it', async () => {
    const db = platform.subgraphs.content.db;
    if (db.options.type === 'better-sqlite3') return;
    const available = await groongaAvailable(db);
    expect(await groongaInUse(db)).toBe(available);
    if (!available) return;
    for (const query of [
      'krakow',
      'utrudnienia dietla',
      'urzędzie',
      'żółw nowohu',
      'nowohu żółw',
      'kiermasz',
      'utrudn',
    ]) {
      const words = searchWords(query);
      const ids = async (find: typeof findInGroonga) =>
        (await find(db, words, { offset: 0, limit: 100 })).map((hit) => hit.documentId).sort();
      expect({ query, found: await ids(findInGroonga) }).toEqual({ query, found: await ids(findInInnoDB) });
    }
  });
});
