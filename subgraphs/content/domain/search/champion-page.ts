/**
 * Pages of one-word searches from champion lists (champions.ts), where they prove them exact.
 *
 * When: a query of one word and no channel, some of whose terms (its spellings and base forms, or
 * the words a prefix stands for) have lists, the others being rare. The candidates are the first
 * `n` of each list (n: the end of the page) and every document with another term, each scored in
 * full (from the lists, or counted in its text). A document outside all of them scores at most the
 * sum of the lists' n-th scores, and if just that, is older than each n-th entry (a list holding
 * every document with its word, floor 0, counts nothing); so when the n-th candidate ranks at least
 * there, the first `n` candidates are the first `n` of all. With one listed word that always holds.
 * Otherwise (lists thinned by withdrawals, a page too deep, several words with different documents)
 * the full query answers.
 */
import type { DataSource } from 'typeorm';
import { rankOrder, type SearchHit } from '.';
import {
  atOrAbove,
  BOTTOM,
  championsKept,
  floors,
  groongaHits,
  indexedRows,
  LIST,
  marks,
  occurrences,
} from './champions';

/** At most this many postings of the other terms of a query (their documents are scored one by one). */
const RARE_POSTINGS = 2000;
/** At most this many list entries read for a page (words listed × hits up to the page's end). */
const MAX_LISTED = 1000;
/**
 * At most this many candidates counted in their text. Many are when the words listed have different
 * documents (a prefix for "konkurs", "koncert", …): the lists cannot answer that, so the full query does.
 */
const MAX_COUNTED = 100;
/** Characters of indexed text at most counted for one page (a few ms of splitting). */
const MAX_COUNTED_CHARACTERS = 1_000_000;

/**
 * Hits `offset` to `offset + limit` for a query of one word whose terms (any of them, required) are
 * `terms`, from champion lists; null when the lists cannot prove they give exactly these hits.
 * `postings`: each term's count in Groonga's lexicon.
 */
export async function championPage(
  db: DataSource,
  terms: string[],
  postings: Map<string, number>,
  { offset, limit }: { offset: number; limit: number },
): Promise<SearchHit[] | null> {
  const n = offset + limit;
  if (!(await championsKept(db))) return null;
  const listed = await floors(db, terms);
  const others = terms.filter((term) => !listed.has(term));
  if (listed.size === 0 || listed.size * n > MAX_LISTED) return null;
  if (others.reduce((sum, term) => sum + (postings.get(term) ?? 0), 0) > RARE_POSTINGS) return null;
  // The first n of each list, and where each ends (its n-th entry): every document not among them ranks below it.
  const edges: SearchHit[] = [];
  const candidates = new Map<string, SearchHit>();
  for (const [term, floor] of listed) {
    const best = (await db.query(
      `SELECT documentId, score, publishedAt FROM ${LIST} WHERE term = ?
       ORDER BY score DESC, publishedAt DESC, documentId DESC LIMIT ${Number(n)}`,
      [term],
    )) as SearchHit[];
    if (best.length === n) {
      if (!atOrAbove(best[n - 1], floor)) return null;
      edges.push({ ...best[n - 1], score: Number(best[n - 1].score) });
    } else if (floor.score > BOTTOM.score) return null; // thinned out: documents below the floor are not listed
    for (const hit of best) candidates.set(hit.documentId, { ...hit, score: 0 });
  }
  const withOthers = others.length ? await groongaHits(db, others) : [];
  for (const hit of withOthers) candidates.set(hit.documentId, { ...hit, score: hit.score });
  if (!(await addListedScores(db, candidates, [...listed.keys()]))) return null;
  const ranked = [...candidates.values()].sort(rankOrder);
  // Every list complete: every document found is a candidate.
  if (edges.length === 0) return ranked.slice(offset, n);
  // A document in none of the candidates scores at most the edges' sum, and if just that, is older than every edge.
  const oldest = edges.reduce((a, b) => (rankOrder({ ...b, score: 0 }, { ...a, score: 0 }) > 0 ? b : a));
  const unseen = { ...oldest, score: edges.reduce((sum, edge) => sum + edge.score, 0) };
  return ranked.length >= n && rankOrder(ranked[n - 1], unseen) <= 0 ? ranked.slice(offset, n) : null;
}

/**
 * Adds to each candidate (scored for the other terms so far) its count of every listed word: from
 * the lists where it is in them, counted in its text where it is not (it may have the word below the
 * floor). False, and nothing counted, when too many would have to be counted in their text.
 */
async function addListedScores(db: DataSource, candidates: Map<string, SearchHit>, words: string[]): Promise<boolean> {
  const ids = [...candidates.keys()];
  const entries = (await db.query(
    `SELECT term, documentId, score FROM ${LIST} WHERE term IN (${marks(words.length)}) AND documentId IN (${marks(ids.length)})`,
    [...words, ...ids],
  )) as { term: string; documentId: string; score: number }[];
  const known = new Set<string>();
  for (const entry of entries) {
    candidates.get(entry.documentId)!.score += Number(entry.score);
    known.add(`${entry.term} ${entry.documentId}`);
  }
  const unknown = ids.filter((id) => words.some((word) => !known.has(`${word} ${id}`)));
  if (unknown.length > MAX_COUNTED) return false;
  const rows = await indexedRows(db, unknown);
  // Counting splits each text on the event loop: long ones (bodies of up to 500,000 characters) go to the full query.
  if (rows.reduce((sum, row) => sum + row.title.length + row.body.length, 0) > MAX_COUNTED_CHARACTERS) return false;
  for (const row of rows) {
    const counts = occurrences(
      [row.title, row.body],
      new Set(words.filter((w) => !known.has(`${w} ${row.documentId}`))),
    );
    for (const count of counts.values()) candidates.get(row.documentId)!.score += count;
  }
  return true;
}
