/**
 * Full-text search over published documents behind one interface: SQLite FTS5 or MariaDB
 * FULLTEXT. Both index folded text (no diacritics, "ł" as "l", lower case), and queries are folded
 * the same way, so "krakow" finds "Kraków" and "Kraków" finds "krakow".
 */
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { fold } from '../../../common/collation';
import { badInput } from '../../../common/errors';

/** MariaDB's FULLTEXT ignores words shorter than 3 letters; both engines drop them alike. */
const MIN_TERM_LENGTH = 3;
const MAX_TERMS = 10;

export interface SearchIndex {
  /** Indexes a published document's text (replacing what was indexed for it). */
  put(tx: EntityManager, documentId: string, text: string): Promise<void>;
  remove(tx: EntityManager, documentId: string): Promise<void>;
  /** Restricts `qb` (alias `document`) to documents matching every term. */
  restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, terms: string[]): void;
}

/** The search terms of a user's query, or BAD_USER_INPUT when none is long enough. */
export function searchTerms(query: string): string[] {
  const terms = [...new Set(fold(query).split(' ').filter((term) => term.length >= MIN_TERM_LENGTH))].slice(0, MAX_TERMS);
  if (terms.length === 0) throw badInput(`Search for at least one word of ${MIN_TERM_LENGTH} or more letters.`, 'query');
  return terms;
}

/** What is indexed for a document: title, lead, body without markup, tags. */
export function searchableText(parts: { title: string; lead: string | null; body: string; tags: string[] }): string {
  const body = parts.body.replace(/<[^>]*>/g, ' ');
  return fold([parts.title, parts.lead ?? '', body, parts.tags.join(' ')].join(' '));
}

const sqliteIndex: SearchIndex = {
  async put(tx, documentId, text) {
    await tx.query('DELETE FROM document_search WHERE documentId = ?', [documentId]);
    await tx.query('INSERT INTO document_search (documentId, text) VALUES (?, ?)', [documentId, text]);
  },
  async remove(tx, documentId) {
    await tx.query('DELETE FROM document_search WHERE documentId = ?', [documentId]);
  },
  restrict(qb, terms) {
    // Terms are folded to [a-z0-9], so quoting them is safe; "*" matches words that start with the term.
    const match = terms.map((term) => `"${term}"*`).join(' ');
    qb.andWhere('document.id IN (SELECT documentId FROM document_search WHERE document_search MATCH :match)', { match });
  },
};

const mysqlIndex: SearchIndex = {
  async put(tx, documentId, text) {
    await tx.query('REPLACE INTO document_search (documentId, text) VALUES (?, ?)', [documentId, text]);
  },
  async remove(tx, documentId) {
    await tx.query('DELETE FROM document_search WHERE documentId = ?', [documentId]);
  },
  restrict(qb, terms) {
    const match = terms.map((term) => `+${term}*`).join(' ');
    qb.andWhere('document.id IN (SELECT documentId FROM document_search WHERE MATCH(text) AGAINST (:match IN BOOLEAN MODE))', { match });
  },
};

export function searchIndexFor(db: DataSource): SearchIndex {
  return db.options.type === 'better-sqlite3' ? sqliteIndex : mysqlIndex;
}
