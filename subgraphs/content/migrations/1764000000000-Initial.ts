import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, longTextColumn, refColumn, textColumn, timeColumn } from '../../common/columns';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'section',
        columns: [
          idColumn(),
          refColumn('channelId'),
          textColumn('name', 200),
          textColumn('slug', 100),
          { name: 'position', type: 'int' },
          timeColumn('createdAt'),
        ],
        indices: [new TableIndex({ columnNames: ['channelId', 'slug'], isUnique: true })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'document',
        columns: [
          idColumn(),
          refColumn('channelId'),
          refColumn('sectionId', true),
          refColumn('responsibleUnitId'),
          refColumn('preparedByPersonId', true),
          textColumn('title', 300),
          textColumn('slug', 200),
          longTextColumn('lead', true),
          longTextColumn('body'),
          textColumn('kind', 20),
          textColumn('language', 10),
          textColumn('status', 20),
          timeColumn('publishedAt', true),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
        ],
        // Every feed is "published, newest first" filtered by one of these columns.
        indices: [
          new TableIndex({ columnNames: ['channelId', 'slug'], isUnique: true }),
          new TableIndex({ columnNames: ['status', 'publishedAt', 'id'] }),
          new TableIndex({ columnNames: ['channelId', 'status', 'publishedAt', 'id'] }),
          new TableIndex({ columnNames: ['sectionId', 'status', 'publishedAt', 'id'] }),
          new TableIndex({ columnNames: ['responsibleUnitId', 'status', 'publishedAt', 'id'] }),
          new TableIndex({ columnNames: ['preparedByPersonId', 'status', 'publishedAt', 'id'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('document');
    await runner.dropTable('section');
  }
}
