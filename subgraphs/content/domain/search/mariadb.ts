/**
 * Search on MariaDB: an InnoDB FULLTEXT index over the indexed words of title and body, queried
 * in boolean mode (every word required). InnoDB's relevance (TF-IDF) has no field weights, so the
 * title's words are stored more than once to count more.
 */
import type { IndexedText, SearchIndex, SearchWord } from '.';

const TITLE_WEIGHT = 3;

/** Boolean-mode query: each word required, as written (the last also as a prefix) or as any base form. */
export function booleanMatch(words: SearchWord[]): string {
  // Words and forms are folded to [a-z0-9], so none is an operator.
  return words.map((w) => `+(${[`${w.word}${w.prefix ? '*' : ''}`, ...w.forms].join(' ')})`).join(' ');
}

const CHUNK = 1000;

const row = (d: { documentId: string; text: IndexedText }) => [d.documentId, Array(TITLE_WEIGHT).fill(d.text.title).join(' '), d.text.body];

export const mariadbIndex: SearchIndex = {
  put(tx, documentId, text) {
    return this.putMany(tx, [{ documentId, text }]);
  },
  async putMany(tx, documents) {
    for (let i = 0; i < documents.length; i += CHUNK) {
      const chunk = documents.slice(i, i + CHUNK);
      await tx.query(`REPLACE INTO document_search (documentId, title, body) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`, chunk.flatMap(row));
    }
  },
  async remove(tx, documentId) {
    await tx.query('DELETE FROM document_search WHERE documentId = ?', [documentId]);
  },
  rank(qb, words) {
    // A DECIMAL score compares exactly with the cursor of the page before (a FLOAT might not).
    const relevance = 'MATCH(title, body) AGAINST (:match IN BOOLEAN MODE)';
    const found = `(SELECT documentId, CAST(${relevance} AS DECIMAL(20, 6)) AS score FROM document_search WHERE ${relevance})`;
    qb.innerJoin(found, 'found', 'found.documentId = document.id', { match: booleanMatch(words) });
    return 'found.score';
  },
  async prune(tx) {
    const stale = "FROM document_search WHERE documentId NOT IN (SELECT id FROM document WHERE status = 'PUBLISHED')";
    const [{ n }] = (await tx.query(`SELECT COUNT(*) AS n ${stale}`)) as { n: number }[];
    await tx.query(`DELETE ${stale}`);
    return Number(n);
  },
};
