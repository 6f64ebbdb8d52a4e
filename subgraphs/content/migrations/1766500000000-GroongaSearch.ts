import type { MigrationInterface, QueryRunner } from 'typeorm';
import { copyAllToGroonga, ensureGroongaTable } from '../domain/search/groonga';

/**
 * at city scale: on a MariaDB server with the Mroonga plugin, search answers from Groonga's
 * copy of `document_search` (domain/search/groonga.ts), filled here. Without the plugin nothing
 * changes: search stays on InnoDB, and `npm run search:rebuild` creates the copy once it is loaded.
 */
export class GroongaSearch1766500000000 implements MigrationInterface {
  name = 'GroongaSearch1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'better-sqlite3') return;
    if (await ensureGroongaTable(runner.manager)) await copyAllToGroonga(runner.manager);
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'better-sqlite3')
      await runner.query('DROP TABLE IF EXISTS document_search_groonga');
  }
}
