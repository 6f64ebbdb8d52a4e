import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, refColumn, textColumn, timeColumn } from '../../common/columns';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'account',
        columns: [idColumn(), textColumn('login', 100), refColumn('personId'), textColumn('status', 20), timeColumn('createdAt')],
        indices: [
          new TableIndex({ columnNames: ['login'], isUnique: true }),
          new TableIndex({ columnNames: ['personId'] }),
          new TableIndex({ columnNames: ['status', 'login'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'access_grant',
        columns: [
          idColumn(),
          refColumn('accountId'),
          textColumn('permission', 40),
          refColumn('unitId', true),
          refColumn('channelId', true),
          refColumn('designationId', true),
          timeColumn('validFrom'),
          timeColumn('validUntil', true),
          timeColumn('revokedAt', true),
          refColumn('grantedByAccountId', true),
          timeColumn('createdAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['accountId', 'createdAt', 'id'] }),
          new TableIndex({ columnNames: ['channelId', 'createdAt', 'id'] }),
          new TableIndex({ columnNames: ['unitId', 'createdAt', 'id'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('access_grant');
    await runner.dropTable('account');
  }
}
