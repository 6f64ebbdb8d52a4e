/**
 * Search on SQLite: an FTS5 table of the indexed words (contentless: the text lives in `document`)
 * whose rows are numbered by `document_search_key`, so a document's row is found by its key and
 * not by scanning the index. Relevance is BM25 with the title weighted above the body.
 */
import type { EntityManager } from 'typeorm';
import type { IndexedText, SearchIndex, SearchWord } from '.';

const TITLE_WEIGHT = 5;
/** SQLite binds at most 32,766 parameters per statement. */
const CHUNK = 500;

/** FTS5 query: each word as written (the last also as a prefix) or any of its base forms. */
export function fts5Match(words: SearchWord[]): string {
  // Words and forms are folded to [a-z0-9], so quoting them is safe.
  const alternatives = (w: SearchWord) => [`"${w.word}"${w.prefix ? '*' : ''}`, ...w.forms.map((form) => `"${form}"`)];
  return words.map((w) => `(${alternatives(w).join(' OR ')})`).join(' AND ');
}

const marks = (n: number, mark = '?') => Array(n).fill(mark).join(', ');

async function putChunk(tx: EntityManager, documents: { documentId: string; text: IndexedText }[]): Promise<void> {
  const ids = documents.map((d) => d.documentId);
  await tx.query(`INSERT INTO document_search_key (documentId) VALUES ${marks(ids.length, '(?)')} ON CONFLICT (documentId) DO NOTHING`, ids);
  const keys = (await tx.query(`SELECT id, documentId FROM document_search_key WHERE documentId IN (${marks(ids.length)})`, ids)) as { id: number; documentId: string }[];
  const rowOf = new Map(keys.map((key) => [key.documentId, key.id]));
  await tx.query(`DELETE FROM document_search WHERE rowid IN (${marks(keys.length)})`, keys.map((key) => key.id));
  await tx.query(
    `INSERT INTO document_search (rowid, title, body) VALUES ${marks(documents.length, '(?, ?, ?)')}`,
    documents.flatMap((d) => [rowOf.get(d.documentId), d.text.title, d.text.body]),
  );
}

export const sqliteIndex: SearchIndex = {
  put(tx, documentId, text) {
    return putChunk(tx, [{ documentId, text }]);
  },
  async putMany(tx, documents) {
    for (let i = 0; i < documents.length; i += CHUNK) await putChunk(tx, documents.slice(i, i + CHUNK));
  },
  async remove(tx, documentId) {
    await tx.query('DELETE FROM document_search WHERE rowid = (SELECT id FROM document_search_key WHERE documentId = ?)', [documentId]);
    await tx.query('DELETE FROM document_search_key WHERE documentId = ?', [documentId]);
  },
  rank(qb, words) {
    const found =
      `(SELECT k.documentId AS documentId, -bm25(document_search, ${TITLE_WEIGHT}, 1) AS score ` +
      'FROM document_search JOIN document_search_key k ON k.id = document_search.rowid WHERE document_search MATCH :match)';
    qb.innerJoin(found, 'found', 'found.documentId = document.id', { match: fts5Match(words) });
    return 'found.score';
  },
  async prune(tx) {
    const stale = "SELECT id FROM document_search_key WHERE documentId NOT IN (SELECT id FROM document WHERE status = 'PUBLISHED')";
    const [{ n }] = (await tx.query(`SELECT COUNT(*) AS n FROM (${stale})`)) as { n: number }[];
    await tx.query(`DELETE FROM document_search WHERE rowid IN (${stale})`);
    await tx.query(`DELETE FROM document_search_key WHERE id IN (${stale})`);
    return Number(n);
  },
};
