import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { flagColumn, idColumn, longTextColumn, refColumn, textColumn, timeColumn } from '../../common/columns';

/**
 * Issue 11 (R-T.1, R-T.2): the first and the latest publication are kept apart, the public change
 * register starts at the revision first published, and every move through the workflow is recorded
 * with who, when and why (`status_change`), scheduled take-downs included.
 */
export class PublicationRecord1765000000000 implements MigrationInterface {
  name = 'PublicationRecord1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumns('document', [
      new TableColumn(timeColumn('lastPublishedAt', true)),
      new TableColumn(refColumn('lastPublishedByPersonId', true)),
      new TableColumn({ name: 'firstPublishedRevision', type: 'int', isNullable: true }),
      new TableColumn(longTextColumn('scheduledUnpublishReason', true)),
      new TableColumn(textColumn('scheduledByLogin', 100, true)),
    ]);
    // Documents published before: their one known publication is both the first and the latest, and the
    // revision then current is the latest one made by that time.
    await runner.query(
      `UPDATE document SET lastPublishedAt = publishedAt, lastPublishedByPersonId = publishedByPersonId,
         firstPublishedRevision = COALESCE((SELECT MAX(r.number) FROM revision r WHERE r.documentId = document.id AND r.createdAt <= document.publishedAt), 1)
       WHERE publishedAt IS NOT NULL`,
    );
    await runner.createTable(
      new Table({
        name: 'status_change',
        columns: [
          idColumn(),
          refColumn('documentId'),
          { name: 'number', type: 'int' },
          textColumn('kind', 20),
          textColumn('fromStatus', 20),
          textColumn('toStatus', 20),
          longTextColumn('reason', true),
          { name: 'revision', type: 'int' },
          refColumn('actorAccountId', true),
          refColumn('actorPersonId', true),
          flagColumn('scheduled'),
          refColumn('incidentId', true),
          timeColumn('occurredAt'),
        ],
        indices: [new TableIndex({ columnNames: ['documentId', 'number'], isUnique: true })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('status_change');
    for (const column of [
      'scheduledByLogin',
      'scheduledUnpublishReason',
      'firstPublishedRevision',
      'lastPublishedByPersonId',
      'lastPublishedAt',
    ]) {
      await runner.dropColumn('document', column);
    }
  }
}
