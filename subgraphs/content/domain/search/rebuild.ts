/**
 * Rebuilds the search index from the documents themselves: every published document indexed
 * again (after a change of what is indexed, or of the dictionary), then whatever is indexed for a
 * document no longer published removed. Search keeps answering while it runs.
 * `npm run search:rebuild`; the migration that introduced base forms runs it too.
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import { changedAny, enqueueChange } from '../../../common/changes';
import { inTransaction } from '../../../common/transaction';
import { Document, DocumentTag } from '../../entities/document';
import { searchIndexFor, searchableText } from '.';

const BATCH = 1000;

/** `db`: a database (each batch its own transaction) or a transaction already open (a migration). */
export async function rebuildSearchIndex(
  db: DataSource | EntityManager,
  progress: (indexed: number) => void = () => undefined,
): Promise<{ indexed: number; removed: number }> {
  const write = <T>(work: (tx: EntityManager) => Promise<T>) => ('manager' in db ? inTransaction(db, work) : work(db));
  const index = searchIndexFor('manager' in db ? db : db.connection);
  let indexed = 0;
  for (let after = ''; ;) {
    const documents = await db
      .getRepository(Document)
      .createQueryBuilder('document')
      .where('document.status = :published', { published: 'PUBLISHED' })
      .andWhere('document.id > :after', { after })
      .orderBy('document.id')
      .limit(BATCH)
      .getMany();
    if (documents.length === 0) break;
    const ids = documents.map((d) => d.id);
    const tags = await db.getRepository(DocumentTag).find({ where: { documentId: In(ids) }, order: { tag: 'ASC' } });
    const tagsOf = (id: string) => tags.filter((tag) => tag.documentId === id).map((tag) => tag.tag);
    const texts = documents.map((d) => ({ documentId: d.id, text: searchableText({ ...d, tags: tagsOf(d.id) }) }));
    await write((tx) => index.putMany(tx, texts));
    indexed += documents.length;
    after = documents[documents.length - 1].id;
    progress(indexed);
  }
  const removed = await write(async (tx) => {
    // Any cached search answer may now be different.
    await enqueueChange(tx, changedAny('Document'));
    return index.prune(tx);
  });
  await index.settle(db);
  return { indexed, removed };
}
