import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, longTextColumn, refColumn, textColumn, timeColumn } from '../../common/columns';

/**
 * Issue 12: a function that carries power over MPI is proposed by the system
 * administrator and takes effect only when the authority the order gives confirms it. Holdings
 * recorded before stay in force as they are.
 */
export class FunctionProposals1766700000000 implements MigrationInterface {
  name = 'FunctionProposals1766700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'function_proposal',
        columns: [
          idColumn(),
          textColumn('function', 40),
          refColumn('personId'),
          longTextColumn('basis'),
          textColumn('state', 20),
          textColumn('pendingFunction', 40, true),
          timeColumn('proposedAt'),
          refColumn('proposedByPersonId'),
          refColumn('proposedByAccountId'),
          timeColumn('decidedAt', true),
          refColumn('decidedByPersonId', true),
          refColumn('decidedByAccountId', true),
          longTextColumn('reason', true),
          refColumn('holdingId', true),
        ],
        indices: [
          new TableIndex({ columnNames: ['pendingFunction'], isUnique: true }),
          new TableIndex({ columnNames: ['state', 'proposedAt', 'id'] }),
          new TableIndex({ columnNames: ['personId'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('function_proposal');
  }
}
