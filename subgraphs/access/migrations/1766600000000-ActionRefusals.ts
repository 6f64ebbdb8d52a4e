import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { longTextColumn } from '../../common/columns';

/** Issue 12: a protective action queued while its target could not be checked may be refused later; this says why. */
export class ActionRefusals1766600000000 implements MigrationInterface {
  name = 'ActionRefusals1766600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('protective_action', new TableColumn(longTextColumn('refusalReason', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('protective_action', 'refusalReason');
  }
}
