/**
 * What an index stores for a document besides its words: the channel results are filtered by and
 * the publication time they are ordered by, read from the document in the indexing transaction.
 */
import { In, type EntityManager } from 'typeorm';
import { Document } from '../../entities/document';
import type { IndexedText } from '.';

export interface IndexEntry {
  documentId: string;
  channelId: string;
  publishedAt: Date;
  text: IndexedText;
}

/** Entries of the documents given; one that does not exist (any more) has none. */
export async function indexEntries(
  tx: EntityManager,
  documents: { documentId: string; text: IndexedText }[],
): Promise<IndexEntry[]> {
  const facts = await tx.getRepository(Document).find({
    select: { id: true, channelId: true, publishedAt: true },
    where: { id: In(documents.map((d) => d.documentId)) },
  });
  const factsOf = new Map(facts.map((fact) => [fact.id, fact]));
  return documents.flatMap((d) => {
    const fact = factsOf.get(d.documentId);
    return fact
      ? [
          {
            documentId: d.documentId,
            channelId: fact.channelId,
            publishedAt: fact.publishedAt ?? new Date(0),
            text: d.text,
          },
        ]
      : [];
  });
}
