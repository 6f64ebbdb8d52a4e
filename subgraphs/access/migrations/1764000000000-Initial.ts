import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { flagColumn, idColumn, longTextColumn, refColumn, textColumn, timeColumn } from '../../common/columns';
import { outboxTable } from '../../common/outbox';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'account',
        columns: [
          idColumn(),
          textColumn('login', 100),
          refColumn('personId'),
          textColumn('status', 20),
          timeColumn('statusChangedAt', true),
          longTextColumn('statusReason', true),
          timeColumn('createdAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['login'], isUnique: true }),
          new TableIndex({ columnNames: ['personId'], isUnique: true }),
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
          longTextColumn('basis', true),
          refColumn('grantedByAccountId', true),
          timeColumn('revokedAt', true),
          refColumn('revokedByAccountId', true),
          longTextColumn('revocationReason', true),
          timeColumn('createdAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['accountId', 'createdAt', 'id'] }),
          new TableIndex({ columnNames: ['channelId', 'createdAt', 'id'] }),
          new TableIndex({ columnNames: ['unitId', 'createdAt', 'id'] }),
          new TableIndex({ columnNames: ['accountId', 'permission', 'unitId', 'revokedAt'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          idColumn(),
          timeColumn('occurredAt'),
          textColumn('source', 20),
          refColumn('actorAccountId', true),
          textColumn('actorLogin', 100, true),
          textColumn('action', 60),
          textColumn('subjectType', 40),
          refColumn('subjectId'),
          longTextColumn('basis', true),
          longTextColumn('details'),
          timeColumn('recordedAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['occurredAt', 'id'] }),
          new TableIndex({ columnNames: ['action', 'occurredAt', 'id'] }),
          new TableIndex({ columnNames: ['actorAccountId', 'occurredAt', 'id'] }),
          new TableIndex({ columnNames: ['subjectId', 'occurredAt', 'id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'incident',
        columns: [
          idColumn(),
          textColumn('title', 300),
          longTextColumn('description'),
          flagColumn('personalDataInvolved'),
          timeColumn('detectedAt'),
          textColumn('state', 20),
          refColumn('openedByAccountId'),
          refColumn('openedByPersonId'),
          timeColumn('openedAt'),
          timeColumn('containedAt', true),
          timeColumn('closedAt', true),
          timeColumn('updatedAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['state', 'openedAt'] }),
          new TableIndex({ columnNames: ['openedAt'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'protective_action',
        columns: [
          idColumn(),
          refColumn('incidentId'),
          textColumn('kind', 30),
          refColumn('targetId'),
          textColumn('state', 20),
          timeColumn('takenAt'),
          timeColumn('doneAt', true),
          timeColumn('liftedAt', true),
          refColumn('liftedByAccountId', true),
          longTextColumn('liftReason', true),
        ],
        indices: [new TableIndex({ columnNames: ['incidentId'] }), new TableIndex({ columnNames: ['targetId'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'incident_notification',
        columns: [idColumn(), refColumn('incidentId'), textColumn('recipient', 30), timeColumn('createdAt')],
        indices: [new TableIndex({ columnNames: ['incidentId'] })],
      }),
    );
    await runner.createTable(outboxTable());
    await runner.createTable(
      new Table({
        name: 'partner',
        columns: [
          idColumn(),
          textColumn('name', 200),
          textColumn('contact', 200),
          { name: 'rateLimitPerMinute', type: 'int' },
          refColumn('registeredByAccountId'),
          timeColumn('createdAt'),
        ],
        indices: [new TableIndex({ columnNames: ['name'], isUnique: true })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'partner_key',
        columns: [
          idColumn(),
          refColumn('partnerId'),
          textColumn('keyHash', 64),
          textColumn('prefix', 12),
          timeColumn('createdAt'),
          timeColumn('revokedAt', true),
        ],
        indices: [
          new TableIndex({ columnNames: ['keyHash'], isUnique: true }),
          new TableIndex({ columnNames: ['partnerId'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'partner_manifest',
        columns: [
          idColumn(),
          refColumn('partnerId'),
          { name: 'version', type: 'int' },
          textColumn('state', 20),
          { name: 'operationCount', type: 'int' },
          refColumn('uploadedByAccountId'),
          timeColumn('uploadedAt'),
        ],
        indices: [
          new TableIndex({ columnNames: ['partnerId', 'version'], isUnique: true }),
          new TableIndex({ columnNames: ['partnerId', 'state'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'manifest_operation',
        columns: [
          { ...refColumn('manifestId'), isPrimary: true },
          { ...textColumn('operationId', 64), isPrimary: true },
          textColumn('name', 200),
          textColumn('type', 20),
          longTextColumn('body'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'partner_usage',
        columns: [
          { ...refColumn('partnerId'), isPrimary: true },
          { ...textColumn('operationId', 64), isPrimary: true },
          { ...textColumn('day', 10), isPrimary: true },
          { name: 'count', type: 'int' },
          { name: 'refused', type: 'int' },
          { name: 'totalMs', type: 'int' },
          { name: 'maxMs', type: 'int' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'partner_usage',
      'manifest_operation',
      'partner_manifest',
      'partner_key',
      'partner',
      'outbox',
      'incident_notification',
      'protective_action',
      'incident',
    ])
      await runner.dropTable(table);
    await runner.dropTable('audit_entry');
    await runner.dropTable('access_grant');
    await runner.dropTable('account');
  }
}
