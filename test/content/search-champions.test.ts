/**
 * Issue 11: on MariaDB with Groonga, a query of one very common word is answered from that word's
 * champion list (subgraphs/content/domain/search/champions.ts) instead of scoring every match. It
 * must give exactly the hits the full query gives, and stay so as documents come and go. Lists are
 * built here for words with ten postings or more and kept to 6 entries, so that floors, cuts and
 * the fall-back to the full query all happen on a small data set. On SQLite there is nothing to test.
 */
import { searchWords, type SearchHit } from '../../subgraphs/content/domain/search';
import { championPage } from '../../subgraphs/content/domain/search/champion-page';
import { buildChampions } from '../../subgraphs/content/domain/search/champions';
import { findInGroonga, groongaInUse, groongaMatch } from '../../subgraphs/content/domain/search/groonga';
import { PUBLISH_DOCUMENT, UNPUBLISH_DOCUMENT, UPDATE_DOCUMENT } from '../support/operations';
import { cultureDocument } from '../support/documents';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const KEEP = 6;
const QUERIES = ['obwarzanek', 'obwarzanki', 'obwarz', 'obwarzanka'];
const STRETCHES = [
  { offset: 0, limit: 3 },
  { offset: 0, limit: KEEP },
  { offset: 2, limit: 4 },
  { offset: 5, limit: 1 },
  { offset: 0, limit: 50 },
];

// Champion lists sit beside Groonga, which only MariaDB has: on SQLite these are reported as skipped, not passed.
const onMariaDB = process.env.DATABASE_URL ? describe : describe.skip;

onMariaDB('R-2.1 issue 11: champion lists for very common words (MariaDB with Groonga)', () => {
  let platform: TestPlatform;
  let groonga = false;
  beforeAll(async () => {
    platform = await startTestPlatform();
    const db = platform.subgraphs.content.db;
    groonga = db.options.type !== 'better-sqlite3' && (await groongaInUse(db));
  });
  afterAll(() => platform?.stop());

  const db = () => platform.subgraphs.content.db;
  const deliver = () => platform.subgraphs.content.relay?.deliver();
  const same = (hits: SearchHit[]) => hits.map((hit) => ({ ...hit, score: Number(hit.score) }));

  /** Every query and stretch: the hits with champion lists equal those of the full query; how many came from a list. */
  async function expectSameAsFullQuery(): Promise<number> {
    let fromList = 0;
    for (const query of QUERIES) {
      const words = searchWords(query);
      for (const stretch of STRETCHES) {
        const full = await findInGroonga(db(), words, stretch, { champions: false });
        const fast = await findInGroonga(db(), words, stretch);
        expect({ query, stretch, hits: same(fast) }).toEqual({ query, stretch, hits: same(full) });
        const { groups, counts } = await groongaMatch(db(), words);
        if (groups?.length === 1 && (await championPage(db(), groups[0].terms, counts!, stretch))) fromList += 1;
      }
    }
    return fromList;
  }

  test('issue 11 a page from a champion list is exactly the page of the full query (relevance, then recency)', async () => {
    if (!groonga) return;
    // Scores from 1 to 7: the title counts three times, the body once; some with other forms of the word.
    for (let i = 0; i < 14; i += 1) {
      const title = i % 4 === 0 ? `Obwarzanek nr ${i}` : `Targ nr ${i}`;
      const body = `<p>${'obwarzanek '.repeat(i % 3)}${i % 5 === 0 ? 'obwarzanki' : ''} ${i % 7 === 0 ? 'obwarzanka' : ''}</p>`;
      await cultureDocument(platform, {
        title,
        body: i % 3 || i % 4 === 0 || i % 5 === 0 ? body : '<p>obwarzanek</p>',
      });
    }
    await deliver();
    // "obwarzanek" listed alone; then its other forms too (a page then adds up several lists).
    for (const minPostings of [10, 5]) {
      expect(await buildChampions(db(), { minPostings, keep: KEEP })).toBeGreaterThan(0);
      const fromList = await expectSameAsFullQuery();
      expect(fromList).toBeGreaterThan(4);
    }
    await buildChampions(db(), { minPostings: 10, keep: KEEP });
  });

  test('issue 11 lists stay in step as documents are published, changed and withdrawn', async () => {
    if (!groonga) return;
    const top = await cultureDocument(platform, { title: 'Obwarzanek obwarzanek', body: '<p>obwarzanek</p>' });
    await deliver();
    expect(await expectSameAsFullQuery()).toBeGreaterThan(0);
    const [best] = await findInGroonga(db(), searchWords('obwarzanek'), { offset: 0, limit: 1 });
    expect(best.documentId).toBe(top);

    await platform.query(
      UPDATE_DOCUMENT,
      { id: top, input: { title: 'Targ', body: '<p>Bez pieczywa</p>' }, reason: 'Zmiana' },
      'tomasz.zielinski',
    );
    await deliver();
    await expectSameAsFullQuery();

    // Withdrawals thin the list below a page: the full query answers, the same way.
    for (const hit of await findInGroonga(db(), searchWords('obwarzanek'), { offset: 0, limit: 4 })) {
      const response = await platform.query(
        UNPUBLISH_DOCUMENT,
        { id: hit.documentId, reason: 'Koniec' },
        'tomasz.zielinski',
      );
      expect(response.errors).toBeUndefined();
    }
    await deliver();
    await expectSameAsFullQuery();

    // Many new ones: the list grows, then is cut back to its size once copied, and still answers exactly.
    for (let i = 0; i < 2 * KEEP + 2; i += 1) await cultureDocument(platform, { title: `Obwarzanek świeży ${i}` });
    await deliver();
    const [{ n }] = (await db().query("SELECT COUNT(*) AS n FROM search_champion WHERE term = 'obwarzanek'")) as {
      n: number;
    }[];
    expect(Number(n)).toBeLessThanOrEqual(2 * KEEP);
    expect(await expectSameAsFullQuery()).toBeGreaterThan(0);
  });

  test('issue 11 many publishes at once, each with a listed word, all go through (no deadlock on the lists)', async () => {
    if (!groonga) return;
    // A list for "obwarzanek", whatever ran before.
    for (let i = 0; i < 10; i += 1) await cultureDocument(platform, { title: `Obwarzanek ${i}` });
    await deliver();
    expect(await buildChampions(db(), { minPostings: 10, keep: KEEP })).toBeGreaterThan(0);
    const drafts: string[] = [];
    for (let i = 0; i < 12; i += 1)
      drafts.push(await cultureDocument(platform, { title: `Obwarzanek z targu ${i}` }, { draft: true }));
    const published = await Promise.all(
      drafts.map((id) => platform.query(PUBLISH_DOCUMENT, { id }, 'tomasz.zielinski')),
    );
    expect(published.map((response) => response.errors ?? null)).toEqual(drafts.map(() => null));
    await deliver();
    expect(await expectSameAsFullQuery()).toBeGreaterThan(0);
  });
});
