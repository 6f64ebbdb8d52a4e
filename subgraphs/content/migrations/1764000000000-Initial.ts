import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, longTextColumn, refColumn, textColumn, timeColumn } from '../../common/columns';
import { outboxTable } from '../../common/outbox';

const feedIndex = (column: string) => new TableIndex({ columnNames: [column, 'status', 'publishedAt', 'id'] });

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
          timeColumn('occurredAt'),
          timeColumn('publishedAt', true),
          refColumn('enteredByAccountId', true),
          refColumn('enteredByPersonId', true),
          refColumn('publishedByPersonId', true),
          refColumn('lastModifiedByPersonId', true),
          { name: 'revision', type: 'int', default: 1 },
          timeColumn('scheduledPublishAt', true),
          timeColumn('scheduledUnpublishAt', true),
          refColumn('scheduledByAccountId', true),
          refColumn('scheduledByPersonId', true),
          longTextColumn('scheduleError', true),
          refColumn('takenDownByIncidentId', true),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
        ],
        // Every feed is "published, newest first", filtered by one of these columns (README: Indexes).
        indices: [
          new TableIndex({ columnNames: ['channelId', 'slug'], isUnique: true }),
          new TableIndex({ columnNames: ['status', 'publishedAt', 'id'] }),
          feedIndex('channelId'),
          feedIndex('sectionId'),
          feedIndex('responsibleUnitId'),
          feedIndex('preparedByPersonId'),
          new TableIndex({ columnNames: ['scheduledPublishAt'] }),
          new TableIndex({ columnNames: ['scheduledUnpublishAt'] }),
          new TableIndex({ columnNames: ['publishedAt', 'responsibleUnitId', 'channelId'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'document_tag',
        columns: [
          { ...refColumn('documentId'), isPrimary: true },
          { ...textColumn('tag', 60), isPrimary: true },
          timeColumn('publishedAt', true),
        ],
        indices: [new TableIndex({ columnNames: ['tag', 'publishedAt', 'documentId'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'revision',
        columns: [
          idColumn(),
          refColumn('documentId'),
          { name: 'number', type: 'int' },
          textColumn('title', 300),
          longTextColumn('lead', true),
          longTextColumn('body'),
          textColumn('kind', 20),
          textColumn('language', 10),
          longTextColumn('tags'),
          longTextColumn('changedFields'),
          longTextColumn('reason', true),
          { name: 'restoredFrom', type: 'int', isNullable: true },
          refColumn('authorAccountId', true),
          refColumn('authorPersonId', true),
          timeColumn('createdAt'),
        ],
        indices: [new TableIndex({ columnNames: ['documentId', 'number'], isUnique: true })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'attachment',
        columns: [
          idColumn(),
          refColumn('documentId'),
          textColumn('fileName', 255),
          textColumn('mediaType', 100),
          { name: 'size', type: 'int' },
          textColumn('sha256', 64),
          textColumn('storageKey', 200),
          refColumn('addedByAccountId', true),
          timeColumn('createdAt'),
        ],
        indices: [new TableIndex({ columnNames: ['documentId', 'createdAt'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          { ...refColumn('accountId'), isPrimary: true },
          { ...textColumn('key', 100), isPrimary: true },
          textColumn('operation', 60),
          refColumn('resultId'),
          timeColumn('createdAt'),
        ],
      }),
    );
    await runner.createTable(outboxTable());
    // Full-text search over published documents, on folded text (common/collation.ts).
    if (runner.connection.options.type === 'better-sqlite3') {
      await runner.query('CREATE VIRTUAL TABLE document_search USING fts5(documentId UNINDEXED, text)');
    } else {
      await runner.createTable(
        new Table({
          name: 'document_search',
          columns: [{ ...refColumn('documentId'), isPrimary: true }, longTextColumn('text')],
          indices: [new TableIndex({ columnNames: ['text'], isFulltext: true })],
        }),
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'document_search',
      'idempotency_key',
      'attachment',
      'revision',
      'document_tag',
      'document',
      'section',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
