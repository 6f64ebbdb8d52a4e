/**
 * One page of search results: most relevant first, newer first among equally relevant ones, with
 * cursors on (relevance, publishedAt, id) like every other list (never OFFSET).
 */
import type { SelectQueryBuilder } from 'typeorm';
import { decodeCursor, pageSize, toConnection, whereAfter, type Connection, type PageArgs, type SortKey } from '../../../common/pagination';
import type { Document } from '../../entities/document';
import { searchIndexFor, type SearchWord } from '.';

type Found = Document & { score: number };

const byRelevance = (score: string): SortKey<Found>[] => [
  { column: score, direction: 'DESC', value: (doc) => doc.score },
  { column: 'document.publishedAt', direction: 'DESC', value: (doc) => doc.publishedAt ?? new Date(0), date: true },
  { column: 'document.id', direction: 'DESC', value: (doc) => doc.id },
];

/** `documents`: published documents (alias `document`), already narrowed by any other filter. */
export async function searchResults(documents: SelectQueryBuilder<Document>, words: SearchWord[], args: PageArgs): Promise<Connection<Document>> {
  const size = pageSize(args.first);
  const score = searchIndexFor(documents.connection).rank(documents, words);
  const keys = byRelevance(score);
  if (args.after) whereAfter(documents, keys, decodeCursor(args.after, keys));
  documents.addSelect(score, 'score');
  keys.forEach((key, i) => (i === 0 ? documents.orderBy(key.column, key.direction) : documents.addOrderBy(key.column, key.direction)));
  const { entities, raw } = await documents.limit(size + 1).getRawAndEntities<{ document_id: string; score: number | string }>();
  const scores = new Map(raw.map((row) => [row.document_id, Number(row.score)]));
  const found = entities.map((document) => Object.assign(document, { score: scores.get(document.id) ?? 0 }));
  return toConnection<Found>(found, keys, size);
}
