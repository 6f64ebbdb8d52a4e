import type { MigrationInterface, QueryRunner } from 'typeorm';
import { buildChampions } from '../domain/search/champions';
import { groongaInUse } from '../domain/search/groonga';

/**
 * Issue 11: where search answers from Groonga, the words most documents have get champion lists
 * (domain/search/champions.ts), built here from Groonga's copy. Elsewhere nothing changes.
 */
export class ChampionLists1767000000000 implements MigrationInterface {
  name = 'ChampionLists1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'better-sqlite3') return;
    if (await groongaInUse(runner.connection)) await buildChampions(runner.manager);
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'better-sqlite3') return;
    await runner.query('DROP TABLE IF EXISTS search_champion');
    await runner.query('DROP TABLE IF EXISTS search_champion_term');
  }
}
