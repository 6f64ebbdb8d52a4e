import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { flagColumn, idColumn, refColumn, textColumn, timeColumn } from '../../common/columns';

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
          refColumn('headPersonId', true),
          flagColumn('isEditorialOffice'),
          timeColumn('createdAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['parentId'] }),
          new TableIndex({ columnNames: ['headPersonId'] }),
          new TableIndex({ columnNames: ['sortName', 'id'] }),
        ],
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
        columns: [idColumn(), textColumn('function', 40), refColumn('personId'), timeColumn('startedAt'), timeColumn('endedAt', true)],
        indices: [new TableIndex({ columnNames: ['personId', 'endedAt'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('function_holding');
    await runner.dropTable('person');
    await runner.dropTable('unit');
  }
}
