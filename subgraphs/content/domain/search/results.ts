/**
 * One page of search results: most relevant first, newer first among equally relevant ones, with
 * cursors on (relevance, publishedAt, id) like every other list (never OFFSET). The index picks
 * the page; only the documents of that page are read.
 */
import { In, type DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize } from '../../../common/pagination';
import type { Connection, PageArgs, SortKey } from '../../../common/pagination';
import { Document } from '../../entities/document';
import { searchIndexFor, type SearchHit, type SearchWord } from '.';

const ORDER: SortKey<SearchHit>[] = [
  { column: 'score', direction: 'DESC', value: (hit) => hit.score },
  { column: 'publishedAt', direction: 'DESC', value: (hit) => hit.publishedAt, date: true },
  { column: 'documentId', direction: 'DESC', value: (hit) => hit.documentId },
];

export async function searchResults(
  db: DataSource,
  words: SearchWord[],
  args: PageArgs & { channelId?: string | null },
): Promise<Connection<Document>> {
  const size = pageSize(args.first);
  const after = args.after ? decodeCursor(args.after, ORDER) : null;
  const hits = await searchIndexFor(db).find(db, words, {
    channelId: args.channelId,
    after: after && { score: after[0] as number, publishedAt: after[1] as Date, documentId: after[2] as string },
    limit: size + 1,
  });
  const page = hits.slice(0, size);
  // By primary key alone: with a status condition SQLite may walk the status index instead.
  const found = page.length ? await db.getRepository(Document).findBy({ id: In(page.map((hit) => hit.documentId)) }) : [];
  const published = found.filter((document) => document.status === 'PUBLISHED');
  const byId = new Map(published.map((document) => [document.id, document]));
  const cursor = (hit: SearchHit) => encodeCursor(ORDER.map((key) => key.value(hit)));
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
