import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { flagColumn, idColumn, longTextColumn, refColumn, textColumn, timeColumn } from '../../common/columns';
import { outboxTable } from '../../common/outbox';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'unit',
        columns: [
          idColumn(),
          textColumn('name', 200),
          textColumn('sortName', 200),
          textColumn('shortName', 50, true),
          textColumn('kind', 20),
          refColumn('parentId', true),
          flagColumn('isEditorialOffice'),
          timeColumn('createdAt'),
        ],
        indices: [new TableIndex({ columnNames: ['parentId'] }), new TableIndex({ columnNames: ['sortName', 'id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'person',
        columns: [
          idColumn(),
          textColumn('name', 200),
          textColumn('sortName', 200),
          textColumn('position', 200, true),
          textColumn('email', 200, true),
          refColumn('unitId', true),
          timeColumn('createdAt'),
        ],
        indices: [new TableIndex({ columnNames: ['unitId', 'sortName', 'id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'function_holding',
        columns: [
          idColumn(),
          textColumn('function', 40),
          refColumn('personId'),
          refColumn('unitId', true),
          timeColumn('startedAt'),
          timeColumn('endedAt', true),
          longTextColumn('basis', true),
          refColumn('recordedByAccountId', true),
        ],
        indices: [
          new TableIndex({ columnNames: ['personId', 'endedAt'] }),
          new TableIndex({ columnNames: ['function', 'unitId', 'endedAt'] }),
          new TableIndex({ columnNames: ['unitId', 'function', 'startedAt'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'internal_order',
        columns: [
          idColumn(),
          refColumn('unitId'),
          textColumn('number', 100),
          textColumn('issuedOn', 10),
          { name: 'version', type: 'int' },
          refColumn('inForceUnitId', true),
          timeColumn('supersededAt', true),
          refColumn('supersededById', true),
          refColumn('issuedByPersonId'),
          timeColumn('createdAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['inForceUnitId'], isUnique: true }),
          new TableIndex({ columnNames: ['unitId', 'number'], isUnique: true }),
          new TableIndex({ columnNames: ['unitId', 'version'], isUnique: true }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'order_category',
        columns: [
          idColumn(),
          refColumn('orderId'),
          { name: 'position', type: 'int' },
          textColumn('name', 200),
          longTextColumn('description', true),
        ],
        indices: [new TableIndex({ columnNames: ['orderId', 'position'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'order_responsibility',
        columns: [idColumn(), refColumn('categoryId'), refColumn('personId'), textColumn('duty', 20)],
        indices: [new TableIndex({ columnNames: ['categoryId'] }), new TableIndex({ columnNames: ['personId'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'designation',
        columns: [
          idColumn(),
          refColumn('unitId'),
          refColumn('personId'),
          timeColumn('validFrom'),
          timeColumn('validUntil', true),
          timeColumn('withdrawnAt', true),
          longTextColumn('withdrawalReason', true),
          longTextColumn('basis', true),
          refColumn('designatedByPersonId'),
          timeColumn('createdAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['unitId', 'createdAt', 'id'] }),
          new TableIndex({ columnNames: ['personId', 'createdAt', 'id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'designation_channel',
        columns: [
          { ...refColumn('designationId'), isPrimary: true },
          { ...refColumn('channelId'), isPrimary: true },
        ],
      }),
    );
    await runner.createTable(outboxTable());
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'designation_channel',
      'designation',
      'order_responsibility',
      'order_category',
      'internal_order',
      'function_holding',
      'person',
      'unit',
    ]) {
      await runner.dropTable(table);
    }
  }
}
