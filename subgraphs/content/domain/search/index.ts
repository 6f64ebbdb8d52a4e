/**
 * Full-text search over published documents behind one interface: SQLite FTS5 or MariaDB
 * FULLTEXT.: citizens search in inflected Polish, so every word is indexed folded (no
 * diacritics, "ł" as "l", lower case) and followed by its base forms from the Polish dictionary
 * (polish.ts): "urzędu" is indexed as "urzedu urzad". A query word is looked for as written and
 * through its base forms, so "urząd", "urzędu" and "urzedzie" find each other. Results come most
 * relevant first (words in the title count more), newer first among equals.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { fold } from '../../../common/collation';
import { badInput } from '../../../../platform/errors';
import { mariadbIndex } from './mariadb';
import { baseForms, queryBaseForms } from './polish';
import { sqliteIndex } from './sqlite';

/** MariaDB's FULLTEXT ignores words shorter than 3 letters; both engines drop them alike. */
const MIN_TERM_LENGTH = 3;
const MAX_TERMS = 10;

/** What is indexed for a document: words of the title, and of the lead, body and tags. */
export interface IndexedText {
  title: string;
  body: string;
}

/** One word of a query: found as written, or through any of its base forms. */
export interface SearchWord {
  /** Folded, as typed. */
  word: string;
  /** Folded base forms of every way the word may be spelled with Polish letters. */
  forms: string[];
  /** The last word is also found as the start of a longer one ("utrudn"), as people type. */
  prefix: boolean;
}

/** A document found, with what orders the results: relevance (higher first), then recency. */
export interface SearchHit {
  documentId: string;
  score: number;
  publishedAt: Date;
}

/** The order of results: negative when `a` ranks before `b` (relevance, then publication time, then id; all descending). */
export function rankOrder(a: SearchHit, b: SearchHit): number {
  return (
    b.score - a.score ||
    b.publishedAt.getTime() - a.publishedAt.getTime() ||
    (a.documentId < b.documentId ? 1 : a.documentId > b.documentId ? -1 : 0)
  );
}

/** Which stretch of the ranked results: `limit` hits from place `offset` (0: the best). */
export interface SearchOptions {
  channelId?: string | null;
  offset: number;
  limit: number;
}

export interface SearchIndex {
  /**
   * Indexes a published document's text (replacing what was indexed for it), with the channel and
   * publication time it is filtered and ordered by, read from the document in the same transaction.
   */
  put(tx: EntityManager, documentId: string, text: IndexedText): Promise<void>;
  /** The same for many documents in few statements (rebuilds, bulk loads); `settle` follows them. */
  putMany(tx: EntityManager, documents: { documentId: string; text: IndexedText }[]): Promise<void>;
  /** After a bulk load: brings a search engine's own copy of the index in step with it (Groonga on MariaDB). */
  settle(db: DataSource | EntityManager, progress?: (copied: number) => void): Promise<void>;
  remove(tx: EntityManager, documentId: string): Promise<void>;
  /**
   * Documents matching every word, ranked by relevance, publishedAt and id (all descending): those
   * from place `offset` on. Relevance may drift as documents come and go (BM25, TF-IDF), so pages
   * are cut by place and the cursor's document (results.ts), not by comparing scores.
   */
  find(db: DataSource, words: SearchWord[], options: SearchOptions): Promise<SearchHit[]>;
  /** Removes what is indexed for documents that are no longer published (after a rebuild). */
  prune(tx: EntityManager): Promise<number>;
}

/** The words of a user's query, or BAD_USER_INPUT when none is long enough. */
export function searchWords(query: string): SearchWord[] {
  const typed = fold(query)
    .split(' ')
    .filter((word) => word.length >= MIN_TERM_LENGTH);
  const words = [...new Set(typed)].slice(0, MAX_TERMS);
  if (words.length === 0)
    throw badInput(`Search for at least one word of ${MIN_TERM_LENGTH} or more letters.`, 'query');
  return words.map((word, i) => ({
    word,
    forms: queryBaseForms(word).filter((form) => form !== word),
    prefix: i === words.length - 1,
  }));
}

/** Each word folded, followed by those of its base forms that differ from it. */
const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u);

function indexedWords(words: string[]): string {
  const indexed: string[] = [];
  for (const word of words) {
    const folded = fold(word);
    if (!folded) continue;
    indexed.push(folded);
    for (const form of baseForms(word)) if (form !== folded) indexed.push(form);
  }
  return indexed.join(' ');
}

interface SearchableParts {
  title: string;
  lead: string | null;
  body: string;
  tags: string[];
}

const bodyWords = (parts: SearchableParts) =>
  [parts.lead ?? '', parts.body.replace(/<[^>]*>/g, ' '), parts.tags.join(' ')].join(' ');

/** What is indexed for a document: title, then lead, body without markup, and tags. */
export function searchableText(parts: SearchableParts): IndexedText {
  return { title: indexedWords(wordsOf(parts.title)), body: indexedWords(wordsOf(bodyWords(parts))) };
}

/** Words looked up per turn of the event loop: a few ms of Hunspell for words not yet cached. */
const WORDS_PER_TURN = 500;

/**
 * The same, a slice of words per turn of the event loop, so that a 500,000-character body (hundreds of ms of
 * Hunspell) does not stall every other request (issue 12). It stays on the main thread: see polish.ts.
 */
export async function searchableTextInSlices(parts: SearchableParts): Promise<IndexedText> {
  const inSlices = async (text: string) => {
    // The words are cut out of the text a slice at a time too: splitting it all at once is itself a long block.
    const word = /[\p{L}\p{N}]+/gu;
    const pieces: string[] = [];
    for (let slice: string[] = []; ; slice = []) {
      for (let found = word.exec(text); found; found = slice.length < WORDS_PER_TURN ? word.exec(text) : null)
        slice.push(found[0]);
      const piece = indexedWords(slice);
      if (piece) pieces.push(piece);
      if (slice.length < WORDS_PER_TURN) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return pieces.join(' ');
  };
  return { title: indexedWords(wordsOf(parts.title)), body: await inSlices(bodyWords(parts)) };
}

export function searchIndexFor(db: DataSource): SearchIndex {
  return db.options.type === 'better-sqlite3' ? sqliteIndex : mariadbIndex;
}
