import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timeColumn } from '../../common/columns';

/** Issue 14: when a ticket's passing its deadline was told to live updates (once per time it becomes overdue). */
export class TicketOverdueAnnounced1766700000000 implements MigrationInterface {
  name = 'TicketOverdueAnnounced1766700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('assistance_ticket', new TableColumn(timeColumn('overdueAnnouncedAt', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('assistance_ticket', 'overdueAnnouncedAt');
  }
}
