/**
 * Search on MariaDB: `document_search` (InnoDB) holds the indexed words of title and body, with
 * what results are filtered and ordered by (channel, publication time), written in the act's
 * transaction. Where the server has Mroonga, queries go to Groonga's copy of it (groonga.ts: top-k
 * at 1M documents); elsewhere to the table's own InnoDB FULLTEXT index, in boolean mode (every word
 * required). InnoDB's relevance (TF-IDF) has no field weights, so the title's words are stored more
 * than once to count more.
 */
import type { DataSource } from 'typeorm';
import type { SearchHit, SearchIndex, SearchOptions, SearchWord } from '.';
import { buildChampions, keepChampions, pruneChampions } from './champions';
import { indexEntries, type IndexEntry } from './entries';
import { copyAllToGroonga, enqueueCopy, ensureGroongaTable, findInGroonga, groongaInUse } from './groonga';

const TITLE_WEIGHT = 3;
const CHUNK = 1000;

/**
 * Boolean-mode query: each word required, as written (the last also as a prefix) or as any base
 * form. A word with no other form goes without parentheses: InnoDB evaluates a group apart, at
 * twice the cost ("+konkurs +bronowice*" 80 ms, "+(konkurs) +(bronowice*)" 170 ms at 1M documents).
 */
export function booleanMatch(words: SearchWord[]): string {
  // Words and forms are folded to [a-z0-9], so none is an operator.
  const alternatives = (w: SearchWord) => [`${w.word}${w.prefix ? '*' : ''}`, ...w.forms];
  return words.map((w) => (w.forms.length ? `+(${alternatives(w).join(' ')})` : `+${alternatives(w)[0]}`)).join(' ');
}

/** InnoDB's own FULLTEXT: every match ranked before the LIMIT (where the server has no Mroonga). */
export async function findInInnoDB(
  db: DataSource,
  words: SearchWord[],
  { channelId, offset, limit }: SearchOptions,
): Promise<SearchHit[]> {
  const match = booleanMatch(words);
  // A DECIMAL score: ties compare exactly (a FLOAT might not).
  const relevance = 'MATCH(title, body) AGAINST (? IN BOOLEAN MODE)';
  const conditions: string[] = [];
  const parameters: unknown[] = [match, match];
  if (channelId) {
    conditions.push('channelId = ?');
    parameters.push(channelId);
  }
  const rows = (await db.query(
    `SELECT documentId, score, publishedAt FROM (
       SELECT documentId, channelId, publishedAt, CAST(${relevance} AS DECIMAL(20, 6)) AS score
       FROM document_search WHERE ${relevance}) found
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY score DESC, publishedAt DESC, documentId DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
    parameters,
  )) as { documentId: string; score: string | number; publishedAt: Date }[];
  return rows.map((row) => ({ documentId: row.documentId, score: Number(row.score), publishedAt: row.publishedAt }));
}

export const mariadbIndex: SearchIndex = {
  async put(tx, documentId, text) {
    await this.putMany(tx, [{ documentId, text }]);
    await enqueueCopy(tx, [documentId]);
  },
  async putMany(tx, documents) {
    for (let i = 0; i < documents.length; i += CHUNK) {
      const entries = await indexEntries(tx, documents.slice(i, i + CHUNK));
      if (entries.length === 0) continue;
      const title = (e: IndexEntry) => Array(TITLE_WEIGHT).fill(e.text.title).join(' ');
      const rows = entries.map(() => '(?, ?, ?, ?, ?)').join(', ');
      await tx.query(
        `REPLACE INTO document_search (documentId, channelId, publishedAt, title, body) VALUES ${rows}`,
        entries.flatMap((e) => [e.documentId, e.channelId, e.publishedAt, title(e), e.text.body]),
      );
      await keepChampions(
        tx,
        entries.map((e) => e.documentId),
        entries.map((e) => ({
          documentId: e.documentId,
          publishedAt: e.publishedAt,
          title: title(e),
          body: e.text.body,
        })),
      );
    }
  },
  async remove(tx, documentId) {
    await tx.query('DELETE FROM document_search WHERE documentId = ?', [documentId]);
    await keepChampions(tx, [documentId], []);
    await enqueueCopy(tx, [documentId]);
  },
  async settle(db, progress) {
    if (!(await ensureGroongaTable(db))) return;
    await copyAllToGroonga(db, progress);
    await buildChampions(db);
  },
  async find(db, words, options) {
    return (await groongaInUse(db)) ? findInGroonga(db, words, options) : findInInnoDB(db, words, options);
  },
  async prune(tx) {
    const published = "SELECT id FROM document WHERE status = 'PUBLISHED'";
    const stale = `FROM document_search WHERE documentId NOT IN (${published})`;
    const [{ n }] = (await tx.query(`SELECT COUNT(*) AS n ${stale}`)) as { n: number }[];
    await tx.query(`DELETE ${stale}`);
    await pruneChampions(tx);
    return Number(n);
  },
};
