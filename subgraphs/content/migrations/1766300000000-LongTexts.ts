import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On MariaDB a TEXT column holds 64 KB, so a long body (or its search entry, which adds the words' base
 * forms) failed there with an internal error while SQLite took it. MEDIUMTEXT holds 16 MB: the same
 * documents are accepted on both engines, up to the limit the content checks give a reason for.
 */
const COLUMNS: [table: string, column: string, nullable: boolean][] = [
  ['document', 'body', false],
  ['document', 'lead', true],
  ['revision', 'body', false],
  ['revision', 'lead', true],
  ['document_search', 'title', false],
  ['document_search', 'body', false],
];

async function retype(runner: QueryRunner, type: 'MEDIUMTEXT' | 'TEXT'): Promise<void> {
  if (runner.connection.options.type === 'better-sqlite3') return;
  for (const [table, column, nullable] of COLUMNS) {
    await runner.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` ${type} ${nullable ? 'NULL' : 'NOT NULL'}`);
  }
}

export class LongTexts1766300000000 implements MigrationInterface {
  name = 'LongTexts1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await retype(runner, 'MEDIUMTEXT');
  }

  async down(runner: QueryRunner): Promise<void> {
    await retype(runner, 'TEXT');
  }
}
