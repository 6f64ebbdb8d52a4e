import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, refColumn, textColumn, timeColumn } from '../../common/columns';

/** Issue 12: files sent by `POST /uploads` ahead of `addAttachment`, so that no file travels inside GraphQL JSON. */
export class Uploads1766900000000 implements MigrationInterface {
  name = 'Uploads1766900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'upload',
        columns: [
          idColumn(),
          refColumn('accountId'),
          { name: 'size', type: 'int' },
          textColumn('sha256', 64),
          textColumn('detectedMediaType', 100, true),
          timeColumn('createdAt'),
          timeColumn('expiresAt'),
        ],
        indices: [new TableIndex({ columnNames: ['accountId', 'expiresAt'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('upload');
  }
}
