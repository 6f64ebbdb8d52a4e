/**
 * Search on SQLite: an FTS5 table of the indexed words, contentless (the text lives in `document`),
 * and `document_search_entry`, which numbers its rows and holds what results are filtered and
 * ordered by (channel, publication time), so a page of results never reads the documents that do
 * not make it. Relevance is BM25 with the title weighted above the body.
 */
import type { EntityManager } from 'typeorm';
import type { IndexedText, SearchIndex, SearchWord } from '.';
import { indexEntries } from './entries';

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
  const entries = await indexEntries(tx, documents);
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO document_search_entry (documentId, channelId, publishedAt) VALUES ${marks(entries.length, '(?, ?, ?)')} ` +
      'ON CONFLICT (documentId) DO UPDATE SET channelId = excluded.channelId, publishedAt = excluded.publishedAt',
    entries.flatMap((e) => [e.documentId, e.channelId, e.publishedAt.getTime()]),
  );
  const ids = entries.map((e) => e.documentId);
  const rows = (await tx.query(
    `SELECT id, documentId FROM document_search_entry WHERE documentId IN (${marks(ids.length)})`,
    ids,
  )) as {
    id: number;
    documentId: string;
  }[];
  const rowOf = new Map(rows.map((row) => [row.documentId, row.id]));
  await tx.query(`DELETE FROM document_search WHERE rowid IN (${marks(rows.length)})`, [...rowOf.values()]);
  await tx.query(
    `INSERT INTO document_search (rowid, title, body) VALUES ${marks(entries.length, '(?, ?, ?)')}`,
    entries.flatMap((e) => [rowOf.get(e.documentId), e.text.title, e.text.body]),
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
    const row = 'SELECT id FROM document_search_entry WHERE documentId = ?';
    await tx.query(`DELETE FROM document_search WHERE rowid = (${row})`, [documentId]);
    await tx.query('DELETE FROM document_search_entry WHERE documentId = ?', [documentId]);
  },
  async settle() {
    // FTS5 is part of the same database: nothing to copy.
  },
  async find(db, words, { channelId, offset, limit }) {
    const conditions: string[] = [];
    const parameters: unknown[] = [fts5Match(words)];
    if (channelId) {
      conditions.push('channelId = ?');
      parameters.push(channelId);
    }
    const rows = (await db.query(
      `SELECT documentId, score, publishedAt FROM (
         SELECT e.documentId, e.channelId, e.publishedAt, -bm25(document_search, ${TITLE_WEIGHT}, 1) AS score
         FROM document_search JOIN document_search_entry e ON e.id = document_search.rowid WHERE document_search MATCH ?)
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY score DESC, publishedAt DESC, documentId DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      parameters,
    )) as { documentId: string; score: number; publishedAt: number }[];
    return rows.map((row) => ({
      documentId: row.documentId,
      score: row.score,
      publishedAt: new Date(row.publishedAt),
    }));
  },
  async prune(tx) {
    const published = "SELECT id FROM document WHERE status = 'PUBLISHED'";
    const stale = `SELECT id FROM document_search_entry WHERE documentId NOT IN (${published})`;
    const [{ n }] = (await tx.query(`SELECT COUNT(*) AS n FROM (${stale})`)) as { n: number }[];
    await tx.query(`DELETE FROM document_search WHERE rowid IN (${stale})`);
    await tx.query(`DELETE FROM document_search_entry WHERE id IN (${stale})`);
    return Number(n);
  },
};
