import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { longTextColumn, refColumn } from '../../common/columns';
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
      // Numbers the index's rows, so a document's row is found without scanning the index.
      await runner.query('CREATE TABLE document_search_key (id INTEGER PRIMARY KEY, documentId varchar(36) NOT NULL UNIQUE)');
      await runner.query("CREATE VIRTUAL TABLE document_search USING fts5(title, body, content='', contentless_delete=1)");
    } else {
      await runner.createTable(
        new Table({
          name: 'document_search',
          columns: [{ ...refColumn('documentId'), isPrimary: true }, longTextColumn('title'), longTextColumn('body')],
          indices: [new TableIndex({ columnNames: ['title', 'body'], isFulltext: true })],
        }),
      );
    }
    await rebuildSearchIndex(runner.manager);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE document_search');
    if (runner.connection.options.type === 'better-sqlite3') {
      await runner.query('DROP TABLE document_search_key');
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
