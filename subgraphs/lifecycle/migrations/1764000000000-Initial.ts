import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, refColumn, textColumn, timeColumn } from '../../common/columns';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'channel',
        columns: [
          idColumn(),
          textColumn('name', 200),
          textColumn('sortName', 200),
          textColumn('slug', 100),
          textColumn('kind', 30),
          textColumn('address', 500),
          textColumn('status', 20),
          textColumn('supervision', 20),
          refColumn('ownerUnitId'),
          timeColumn('createdAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['slug'], isUnique: true }),
          new TableIndex({ columnNames: ['sortName', 'id'] }),
          new TableIndex({ columnNames: ['ownerUnitId', 'sortName', 'id'] }),
          new TableIndex({ columnNames: ['kind', 'sortName', 'id'] }),
          new TableIndex({ columnNames: ['status', 'sortName', 'id'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('channel');
  }
}
