import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { refColumn } from '../../common/columns';

/** which incidents hold a document taken down (domain/publishing.ts `takeDown`); the ones down now are held by theirs. */
export class DocumentHolds1766400000000 implements MigrationInterface {
  name = 'DocumentHolds1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'document_hold',
        columns: [
          { ...refColumn('documentId'), isPrimary: true },
          { ...refColumn('incidentId'), isPrimary: true },
        ],
      }),
    );
    await runner.query(
      'INSERT INTO document_hold (documentId, incidentId) SELECT id, takenDownByIncidentId FROM document WHERE takenDownByIncidentId IS NOT NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('document_hold');
  }
}
