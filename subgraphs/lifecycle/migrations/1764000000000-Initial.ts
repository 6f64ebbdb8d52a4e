import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, longTextColumn, refColumn, textColumn, timeColumn } from '../../common/columns';
import { outboxTable } from '../../common/outbox';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'channel',
        columns: [
          idColumn(),
          textColumn('name', 200),
          textColumn('sortName', 200),
          textColumn('slug', 100),
          textColumn('kind', 30),
          textColumn('address', 500),
          textColumn('status', 20),
          textColumn('statusBeforeFreeze', 20, true),
          longTextColumn('frozenByIncidents', true),
          textColumn('supervision', 20),
          refColumn('ownerUnitId'),
          textColumn('graphicLineVersion', 20, true),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['slug'], isUnique: true }),
          new TableIndex({ columnNames: ['sortName', 'id'] }),
          new TableIndex({ columnNames: ['ownerUnitId', 'sortName', 'id'] }),
          new TableIndex({ columnNames: ['kind', 'sortName', 'id'] }),
          new TableIndex({ columnNames: ['status', 'sortName', 'id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'channel_link',
        columns: [
          { ...refColumn('fromChannelId'), isPrimary: true },
          { ...refColumn('toChannelId'), isPrimary: true },
          textColumn('kind', 20),
          timeColumn('createdAt'),
        ],
        indices: [new TableIndex({ columnNames: ['toChannelId'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'service_request',
        columns: [
          idColumn(),
          textColumn('kind', 20),
          textColumn('state', 20),
          refColumn('unitId'),
          refColumn('channelId'),
          textColumn('proposedName', 200, true),
          textColumn('proposedKind', 30, true),
          textColumn('proposedAddress', 500, true),
          longTextColumn('description'),
          longTextColumn('justification'),
          textColumn('graphicLineVersion', 20),
          longTextColumn('checklist'),
          refColumn('submittedByPersonId'),
          refColumn('submittedByAccountId'),
          timeColumn('submittedAt'),
          timeColumn('updatedAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['state', 'submittedAt', 'id'] }),
          new TableIndex({ columnNames: ['unitId', 'submittedAt', 'id'] }),
          new TableIndex({ columnNames: ['channelId', 'submittedAt'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'service_decision',
        columns: [
          idColumn(),
          refColumn('requestId'),
          textColumn('decision', 20),
          longTextColumn('rationale'),
          longTextColumn('conditions', true),
          refColumn('decidedByAccountId'),
          refColumn('decidedByPersonId'),
          timeColumn('decidedAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['requestId', 'decidedAt'] }),
          new TableIndex({ columnNames: ['decidedAt'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'assistance_ticket',
        columns: [
          idColumn(),
          refColumn('channelId'),
          textColumn('vendor', 200),
          textColumn('title', 300),
          longTextColumn('description'),
          textColumn('priority', 20),
          timeColumn('deadline'),
          textColumn('state', 20),
          refColumn('openedByPersonId'),
          timeColumn('openedAt'),
          timeColumn('resolvedAt', true),
          timeColumn('updatedAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['state', 'deadline', 'id'] }),
          new TableIndex({ columnNames: ['channelId', 'openedAt'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'graphic_line_version',
        columns: [
          { ...textColumn('version', 20), isPrimary: true },
          longTextColumn('tokens'),
          longTextColumn('notes', true),
          timeColumn('publishedAt'),
        ],
        indices: [new TableIndex({ columnNames: ['publishedAt'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'annual_report',
        columns: [
          idColumn(),
          { name: 'year', type: 'int' },
          textColumn('state', 20),
          longTextColumn('figures'),
          timeColumn('generatedAt'),
          timeColumn('submittedAt', true),
          refColumn('submittedByPersonId', true),
          timeColumn('decidedAt', true),
          refColumn('decidedByPersonId', true),
          longTextColumn('returnReason', true),
          timeColumn('publishedAt', true),
          refColumn('publishedDocumentId', true),
        ],
        indices: [new TableIndex({ columnNames: ['year'], isUnique: true })],
      }),
    );
    await runner.createTable(outboxTable());
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'annual_report',
      'graphic_line_version',
      'assistance_ticket',
      'service_decision',
      'service_request',
      'channel_link',
      'channel',
    ]) {
      await runner.dropTable(table);
    }
  }
}
