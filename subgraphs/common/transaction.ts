/**
 * Writes that must stay together run in one transaction. On SQLite, TypeORM shares one connection
 * per database, so two concurrent transactions would nest as savepoints of each other: here they
 * queue instead. MySQL/MariaDB give each transaction its own pooled connection.
 */
import type { DataSource, EntityManager } from 'typeorm';

const queues = new WeakMap<DataSource, Promise<unknown>>();

export function inTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (db.options.type !== 'better-sqlite3') return db.transaction(work);
  const previous = queues.get(db) ?? Promise.resolve();
  const result = previous.then(() => db.transaction(work));
  queues.set(
    db,
    result.catch(() => undefined),
  );
  return result;
}
