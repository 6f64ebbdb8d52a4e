import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { textColumn } from '../../common/columns';

/**
 * Issue 14: field usage per client and day. The primary key starts with the coordinate (schemaUsage reads one
 * coordinate over days); the index by day lists what was used since a day (unusedFields).
 */
export class FieldUsage1766814000000 implements MigrationInterface {
  name = 'FieldUsage1766814000000';

  async up(runner: QueryRunner): Promise<void> {
    // Compared as written on MariaDB too (its default collation takes "App" and "app", "Kraków" and "Krakow" as one).
    const exact = runner.connection.options.type === 'better-sqlite3' ? {} : { collation: 'utf8mb4_bin' };
    await runner.createTable(
      new Table({
        name: 'field_usage',
        columns: [
          { ...textColumn('coordinate', 200), ...exact, isPrimary: true },
          { ...textColumn('day', 10), isPrimary: true },
          { ...textColumn('clientKind', 10), isPrimary: true },
          { ...textColumn('clientName', 100), ...exact, isPrimary: true },
          { ...textColumn('clientVersion', 50), ...exact, isPrimary: true },
          { name: 'count', type: 'int' },
        ],
        indices: [new TableIndex({ columnNames: ['day', 'coordinate'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('field_usage');
  }
}
