/**
 * Champion lists (a tiered index) for the words that very many documents have, beside Groonga on
 * MariaDB (issue 11: top-k retrieval, not every match materialised).
 *
 * Why: Groonga scores every match before it keeps the best page, so "krakow" alone (1 document in
 * 12) costs ~55 ms at 1M documents whatever the page. For each such word, `search_champion` holds
 * its best documents for that word, in the order results take: score, then publication time, then
 * id, all descending (the hit's "key"). Groonga's score is the number of occurrences of the terms
 * asked for (the title is stored three times), so a word's score in a document is counted from the
 * indexed text exactly as Groonga counts it.
 *
 * What stays true, per word of `search_champion_term`: every document whose key for that word is at
 * or above the word's floor is in the list (there may be a few below it too). The act's transaction
 * keeps it: a document's entries are dropped and written again where its key reaches the floor.
 * After the relay's copy to Groonga, a list past twice its size is cut back and its floor raised;
 * only a build (`npm run search:rebuild`, a migration, a bulk load) lowers floors or adds words.
 *
 * Pages are read from the lists in champion-page.ts.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { rankOrder, type SearchHit } from '.';

export const LIST = 'search_champion';
const WORDS = 'search_champion_term';
const GROONGA = 'document_search_groonga';
/** Words this common get a list (postings as Groonga's lexicon estimates them): 59 words at 1M documents. */
export const CHAMPION_MIN_POSTINGS = 15_000;
/** Entries a list is cut back to: 50 pages of 20. */
export const CHAMPION_KEEP = 1000;
/** Extra rows asked of Groonga when a list is built, so documents tied at its end are not cut arbitrarily. */
const TIE_MARGIN = 50;
/** The channel word groonga.ts adds to every body: queries by channel never take this path. */
const CHANNEL_WORD = /^kanal[0-9a-f]{32}$/;

type Db = DataSource | EntityManager;
type Floor = SearchHit & { keep: number };
/** What a document has indexed, as `document_search` stores it (the title already repeated). */
export interface IndexedRow {
  documentId: string;
  publishedAt: Date;
  title: string;
  body: string;
}

export const marks = (n: number, mark = '?') => Array(n).fill(mark).join(', ');
export const atOrAbove = (hit: SearchHit, floor: SearchHit) => rankOrder(hit, floor) <= 0;

export async function ensureChampionTables(db: Db): Promise<void> {
  // ascii_bin: ids compare as in JavaScript (rankOrder), so SQL and code agree on the order.
  const ascii = 'CHARACTER SET ascii COLLATE ascii_bin NOT NULL';
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${WORDS} (term varchar(100) ${ascii} PRIMARY KEY, keep int NOT NULL,
       floorScore int NOT NULL, floorPublishedAt datetime(3) NOT NULL, floorDocumentId varchar(36) ${ascii}) ENGINE=InnoDB`,
  );
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${LIST} (term varchar(100) ${ascii}, score int NOT NULL, publishedAt datetime(3) NOT NULL,
       documentId varchar(36) ${ascii}, PRIMARY KEY (term, score, publishedAt, documentId),
       KEY byDocument (documentId)) ENGINE=InnoDB`,
  );
  kept.delete('options' in db ? db : db.connection);
}

const kept = new WeakMap<DataSource, Promise<boolean>>();

/** Whether this database keeps champion lists (their tables exist). */
export function championsKept(db: DataSource): Promise<boolean> {
  let known = kept.get(db);
  if (!known) {
    known = db
      .query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [WORDS])
      .then((rows: unknown[]) => rows.length > 0);
    kept.set(db, known);
  }
  return known;
}

/** Occurrences of each of `terms` in the texts, as Groonga's TokenDelimit splits them (on spaces). */
export function occurrences(texts: string[], terms: { has(term: string): boolean }): Map<string, number> {
  const found = new Map<string, number>();
  for (const text of texts)
    for (const token of text.split(' ')) if (terms.has(token)) found.set(token, (found.get(token) ?? 0) + 1);
  return found;
}

interface FloorRow {
  term: string;
  keep: number;
  floorScore: number;
  floorPublishedAt: Date;
  floorDocumentId: string;
}

export async function floors(db: Db, terms: string[] | null, lock = ''): Promise<Map<string, Floor>> {
  if (terms?.length === 0) return new Map();
  const rows = (await db.query(
    `SELECT term, keep, floorScore, floorPublishedAt, floorDocumentId FROM ${WORDS}
     ${terms ? `WHERE term IN (${marks(terms.length)})` : ''} ${lock}`,
    terms ?? [],
  )) as FloorRow[];
  return new Map(
    rows.map((row) => [
      row.term,
      {
        keep: row.keep,
        score: Number(row.floorScore),
        publishedAt: row.floorPublishedAt,
        documentId: row.floorDocumentId,
      },
    ]),
  );
}

async function insertEntries(db: Db, entries: (SearchHit & { term: string })[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    const chunk = entries.slice(i, i + 1000);
    await db.query(
      `INSERT IGNORE INTO ${LIST} (term, score, publishedAt, documentId) VALUES ${marks(chunk.length, '(?, ?, ?, ?)')}`,
      chunk.flatMap((e) => [e.term, e.score, e.publishedAt, e.documentId]),
    );
  }
}

/** Entries of these documents whose key reaches their word's floor. */
function entriesOf(rows: IndexedRow[], words: Map<string, Floor>): (SearchHit & { term: string })[] {
  return rows.flatMap((row) =>
    [...occurrences([row.title, row.body], words)]
      .map(([term, score]) => ({ term, score, publishedAt: row.publishedAt, documentId: row.documentId }))
      .filter((entry) => atOrAbove(entry, words.get(entry.term)!)),
  );
}

/**
 * In the act's transaction, after `document_search` changed for these documents (rows: what it
 * now holds; ids: every document written or removed): their list entries follow.
 */
export async function keepChampions(tx: EntityManager, documentIds: string[], rows: IndexedRow[]): Promise<void> {
  if (documentIds.length === 0 || !(await championsKept(tx.connection))) return;
  // Shared lock, taken first: a build, which lowers floors, waits for this transaction, or it for the build.
  const words = await floors(tx, null, 'LOCK IN SHARE MODE');
  // Deleted by their primary key, after a plain read: a DELETE through the documentId index takes gap locks, and two
  // publishes whose ids fall in the same gap then deadlock on each other's inserts.
  const old = (await tx.query(
    `SELECT term, score, publishedAt, documentId FROM ${LIST} WHERE documentId IN (${marks(documentIds.length)})`,
    documentIds,
  )) as (SearchHit & { term: string })[];
  for (const entry of old)
    await tx.query(`DELETE FROM ${LIST} WHERE term = ? AND score = ? AND publishedAt = ? AND documentId = ?`, [
      entry.term,
      entry.score,
      entry.publishedAt,
      entry.documentId,
    ]);
  if (words.size && rows.length) await insertEntries(tx, entriesOf(rows, words));
}

/** After a prune: entries of documents no longer indexed. */
export async function pruneChampions(tx: EntityManager): Promise<void> {
  if (await championsKept(tx.connection))
    await tx.query(`DELETE FROM ${LIST} WHERE documentId NOT IN (SELECT documentId FROM document_search)`);
}

/**
 * After the relay's copy of these documents: lists they are in that have grown past twice their
 * size are cut back to it, the floor raised to the last entry kept. A transaction of its own per word.
 */
export async function trimChampions(db: DataSource, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0 || !(await championsKept(db))) return;
  const terms = (await db.query(
    `SELECT DISTINCT term FROM ${LIST} WHERE documentId IN (${marks(documentIds.length)})`,
    [...documentIds],
  )) as { term: string }[];
  // Counted first without a lock: a cut is rarely due, and the exclusive lock on a word's floor would queue every
  // act behind it (acts hold a shared lock on the floors until they commit).
  const kept = await floors(
    db,
    terms.map((row) => row.term),
  );
  const counts = (await db.query(
    `SELECT term, COUNT(*) AS n FROM ${LIST} WHERE term IN (${marks(Math.max(terms.length, 1))}) GROUP BY term`,
    terms.length ? terms.map((row) => row.term) : [''],
  )) as { term: string; n: number }[];
  const due = counts.filter(({ term, n }) => Number(n) > 2 * (kept.get(term)?.keep ?? Infinity));
  for (const { term } of due) {
    await db.transaction(async (tx) => {
      const floor = (await floors(tx, [term], 'FOR UPDATE')).get(term);
      if (!floor) return;
      const [{ n }] = (await tx.query(`SELECT COUNT(*) AS n FROM ${LIST} WHERE term = ?`, [term])) as { n: number }[];
      if (Number(n) <= 2 * floor.keep) return;
      const [last] = (await tx.query(
        `SELECT score, publishedAt, documentId FROM ${LIST} WHERE term = ?
         ORDER BY score DESC, publishedAt DESC, documentId DESC LIMIT 1 OFFSET ${floor.keep - 1}`,
        [term],
      )) as SearchHit[];
      if (rankOrder(last, floor) >= 0) return; // not above the floor: nothing to raise
      await tx.query(`DELETE FROM ${LIST} WHERE term = ? AND (score, publishedAt, documentId) < (?, ?, ?)`, [
        term,
        last.score,
        last.publishedAt,
        last.documentId,
      ]);
      await tx.query(`UPDATE ${WORDS} SET floorScore = ?, floorPublishedAt = ?, floorDocumentId = ? WHERE term = ?`, [
        last.score,
        last.publishedAt,
        last.documentId,
        term,
      ]);
    });
  }
}

/** Words of Groonga's lexicon with at least `minPostings` postings (its estimate), the channel words left out. */
async function frequentWords(db: Db, minPostings: number): Promise<string[]> {
  const frequent: string[] = [];
  const PAGE = 200_000;
  for (let offset = 0; ; offset += PAGE) {
    const command = `select ${GROONGA}#words --output_columns _key,index --offset ${offset} --limit ${PAGE}`;
    const [{ answer }] = (await db.query('SELECT mroonga_command(?) AS answer', [command])) as { answer: string }[];
    const [[[total], , ...rows]] = JSON.parse(answer) as [[[number], unknown, ...[string, number][]]];
    for (const [term, postings] of rows) if (postings >= minPostings && !CHANNEL_WORD.test(term)) frequent.push(term);
    if (offset + PAGE >= total) return frequent;
  }
}

/** A document's score for the terms (Groonga's), with what it is ordered by. */
export async function groongaHits(db: Db, terms: string[], limit?: number): Promise<SearchHit[]> {
  const match = terms.length === 1 ? `+${terms[0]}` : `+(${terms.join(' ')})`;
  const relevance = 'MATCH(title, body) AGAINST (? IN BOOLEAN MODE)';
  const rows = (await db.query(
    `SET STATEMENT mroonga_match_escalation_threshold = -1 FOR
     SELECT documentId, publishedAt, ${relevance} AS score FROM ${GROONGA} WHERE ${relevance}
     ${limit ? `ORDER BY ${relevance} DESC, publishedAt DESC LIMIT ${Number(limit)}` : ''}`,
    limit ? [match, match, match] : [match, match],
  )) as SearchHit[];
  return rows.map((row) => ({ documentId: row.documentId, score: Number(row.score), publishedAt: row.publishedAt }));
}

/** The lowest floor: every document that has the word is in its list. */
export const BOTTOM: SearchHit = { score: 0, publishedAt: new Date(0), documentId: '' };

/** The best `keep` documents for a word, and its floor; every document at or above the floor is among them. */
async function bestFor(db: Db, term: string, keep: number): Promise<{ entries: SearchHit[]; floor: SearchHit } | null> {
  const found = (await groongaHits(db, [term], keep + TIE_MARGIN)).sort(rankOrder);
  if (found.length < keep + TIE_MARGIN) return found.length ? { entries: found, floor: BOTTOM } : null;
  // Groonga may have cut the documents tied with the last one in any order: leave them all out.
  const last = found[found.length - 1];
  const entries = found
    .filter((hit) => hit.score !== last.score || hit.publishedAt.getTime() !== last.publishedAt.getTime())
    .slice(0, keep);
  return entries.length ? { entries, floor: entries[entries.length - 1] } : null;
}

/**
 * Builds every list again from Groonga's copy (after it is complete: `settle`). Acts wait meanwhile
 * (the words are locked); documents whose copy to Groonga is still pending are listed from
 * `document_search` afterwards, so none is missed.
 */
export async function buildChampions(
  db: Db,
  { minPostings = CHAMPION_MIN_POSTINGS, keep = CHAMPION_KEEP }: { minPostings?: number; keep?: number } = {},
): Promise<number> {
  await ensureChampionTables(db);
  const build = async (tx: EntityManager) => {
    await floors(tx, null, 'FOR UPDATE');
    const pending = (await tx.query("SELECT payload FROM outbox WHERE topic = 'search' AND deliveredAt IS NULL")) as {
      payload: string;
    }[];
    const pendingIds = [
      ...new Set(pending.flatMap((row) => (JSON.parse(row.payload) as { documentIds: string[] }).documentIds)),
    ];
    await tx.query(`DELETE FROM ${LIST}`);
    await tx.query(`DELETE FROM ${WORDS}`);
    let words = 0;
    for (const term of await frequentWords(tx, minPostings).catch(() => [] as string[])) {
      const best = await bestFor(tx, term, keep);
      if (!best) continue;
      words += 1;
      const { floor } = best;
      await tx.query(
        `INSERT INTO ${WORDS} (term, keep, floorScore, floorPublishedAt, floorDocumentId) VALUES (?, ?, ?, ?, ?)`,
        [term, keep, floor.score, floor.publishedAt, floor.documentId],
      );
      await insertEntries(
        tx,
        best.entries.map((entry) => ({ ...entry, term })),
      );
    }
    for (let i = 0; i < pendingIds.length; i += 1000) {
      const ids = pendingIds.slice(i, i + 1000);
      await keepChampions(tx, ids, await indexedRows(tx, ids));
    }
    return words;
  };
  return 'manager' in db ? db.transaction(build) : build(db);
}

/** What `document_search` holds for these documents. */
export async function indexedRows(db: Db, documentIds: string[]): Promise<IndexedRow[]> {
  if (documentIds.length === 0) return [];
  return (await db.query(
    `SELECT documentId, publishedAt, title, body FROM document_search WHERE documentId IN (${marks(documentIds.length)})`,
    documentIds,
  )) as IndexedRow[];
}
