import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { longTextColumn, refColumn, timeColumn } from '../../common/columns';
import { rebuildSearchIndex } from '../domain/search/rebuild';

/**
 * search in inflected Polish. The index holds each word with its base forms, title apart
 * from body (domain/search/), and is filled again from the published documents.
 */
export class PolishSearch1766000000000 implements MigrationInterface {
  name = 'PolishSearch1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE document_search');
    if (runner.connection.options.type === 'better-sqlite3') {
      // Numbers the index's rows (a document's row is found without scanning the index) and holds
      // what results are filtered and ordered by: publishedAt in milliseconds since 1970.
      await runner.query(
        'CREATE TABLE document_search_entry (id INTEGER PRIMARY KEY, documentId varchar(36) NOT NULL UNIQUE, ' +
          'channelId varchar(36) NOT NULL, publishedAt integer NOT NULL)',
      );
      await runner.query(
        "CREATE VIRTUAL TABLE document_search USING fts5(title, body, content='', contentless_delete=1)",
      );
    } else {
      await runner.createTable(
        new Table({
          name: 'document_search',
          columns: [
            { ...refColumn('documentId'), isPrimary: true },
            refColumn('channelId'),
            timeColumn('publishedAt'),
            longTextColumn('title'),
            longTextColumn('body'),
          ],
          indices: [new TableIndex({ columnNames: ['title', 'body'], isFulltext: true })],
        }),
      );
    }
    await rebuildSearchIndex(runner.manager);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE document_search');
    if (runner.connection.options.type === 'better-sqlite3') {
      await runner.query('DROP TABLE document_search_entry');
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
}
