/**
 * One page of search results: most relevant first, newer first among equally relevant ones. The
 * index picks the page; only the documents of that page are read.
 *
 * Pages are cut by place, not by comparing scores as other lists compare their sort keys: a
 * document published or withdrawn changes every score (BM25 and TF-IDF weigh a word by how many
 * documents have it). So a cursor holds the place and id of the last hit as well as its score, the
 * next page is looked for from a little before that place, and it starts after that document
 * wherever it now stands: nothing repeats and nothing is skipped when fewer than SLACK documents
 * moved ahead of it meanwhile.
 */
import { In, type DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize } from '../../../common/pagination';
import type { Connection, PageArgs, SortKey } from '../../../common/pagination';
import { Document } from '../../entities/document';
import { rankOrder, searchIndexFor, type SearchHit, type SearchWord } from '.';

const SLACK = 20;

type Cursor = SearchHit & { position: number };

const ORDER: SortKey<Cursor>[] = [
  { column: 'score', direction: 'DESC', value: (hit) => hit.score },
  { column: 'publishedAt', direction: 'DESC', value: (hit) => hit.publishedAt, date: true },
  { column: 'documentId', direction: 'DESC', value: (hit) => hit.documentId },
  // Not an order: where the hit stood.
  { column: 'position', direction: 'ASC', value: (hit) => hit.position },
];

export async function searchResults(
  db: DataSource,
  words: SearchWord[],
  args: PageArgs & { channelId?: string | null },
): Promise<Connection<Document>> {
  const size = pageSize(args.first);
  const decoded = args.after ? decodeCursor(args.after, ORDER) : null;
  const after = decoded && {
    score: decoded[0] as number,
    publishedAt: decoded[1] as Date,
    documentId: decoded[2] as string,
    position: decoded[3] as number,
  };
  const hits = await hitsAfter(db, words, args.channelId, after, size + 1);
  const page = hits.slice(0, size);
  // By primary key alone: with a status condition SQLite may walk the status index instead.
  const found = page.length
    ? await db.getRepository(Document).findBy({ id: In(page.map((hit) => hit.documentId)) })
    : [];
  const published = found.filter((document) => document.status === 'PUBLISHED');
  const byId = new Map(published.map((document) => [document.id, document]));
  const cursor = (hit: Cursor) => encodeCursor(ORDER.map((key) => key.value(hit)));
  const edges = page
    .filter((hit) => byId.has(hit.documentId))
    .map((hit) => ({ node: byId.get(hit.documentId)!, cursor: cursor(hit) }));
  const last = page.at(-1);
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage: hits.length > size, endCursor: last ? cursor(last) : null },
  };
}

/** `limit` hits after the cursor's document, each with its place. */
async function hitsAfter(
  db: DataSource,
  words: SearchWord[],
  channelId: string | null | undefined,
  after: Cursor | null,
  limit: number,
): Promise<Cursor[]> {
  const index = searchIndexFor(db);
  const stretch = async (offset: number, count: number) =>
    (await index.find(db, words, { channelId, offset, limit: count })).map((hit, i) => ({
      ...hit,
      position: offset + i,
    }));
  if (!after) return stretch(0, limit);
  const from = Math.max(0, Math.floor(after.position) + 1 - SLACK);
  let count = limit + 2 * SLACK;
  let hits = await stretch(from, count);
  let at = hits.findIndex((hit) => hit.documentId === after.documentId);
  if (at < 0 && from > 0) {
    // Moved further than SLACK places ahead: look from the top.
    count = from + count;
    hits = await stretch(0, count);
    at = hits.findIndex((hit) => hit.documentId === after.documentId);
  }
  if (at >= 0) {
    const rest = hits.slice(at + 1);
    // Moved further than SLACK places down: the page goes on past this stretch.
    return rest.length >= limit || hits.length < count ? rest.slice(0, limit) : stretch(hits[at].position + 1, limit);
  }
  // The cursor's document is no longer found (withdrawn): what ranks below where it stood.
  return hits.filter((hit) => rankOrder(hit, after) > 0).slice(0, limit);
}
