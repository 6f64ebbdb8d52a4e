/**
 * `npm run search:rebuild`: indexes every published document of the content database again
 * (subgraphs/content/domain/search/rebuild.ts), over DATA_DIR's SQLite or DATABASE_URL's MariaDB.
 * Safe while the platform runs: search keeps answering, and documents published meanwhile are
 * indexed by their own transaction as always.
 */
import 'reflect-metadata';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../subgraphs/common/database';
import { createLogger } from '../platform/logger';
import { content } from '../subgraphs/content';
import { rebuildSearchIndex } from '../subgraphs/content/domain/search/rebuild';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, SAMPLE_DATA: 'false' });
  const { dataSource: db } = await openDatabase(config, content, createLogger('search-rebuild', 'warn'));
  const started = Date.now();
  try {
    const { indexed, removed } = await rebuildSearchIndex(db, (n) => {
      if (n % 50_000 === 0) console.log(`${n} documents indexed (${Math.round((Date.now() - started) / 1000)} s)`);
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `search index rebuilt: ${indexed} published documents indexed, ${removed} stale entries removed, in ${seconds} s`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
