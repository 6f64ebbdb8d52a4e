import crypto from 'node:crypto';
import { channel, cultureDocument, unit } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { ATTACH } from '../support/uploads';

describe('attachments and public feeds', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('an attachment keeps its metadata and checksum, and its bytes come back unchanged', async () => {
    const id = await cultureDocument(platform, { title: 'Regulamin konkursu' });
    // A PDF's signature, then arbitrary content: the bytes must be of the declared type (issue 12).
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(50_000 - 9)]);
    const added = await platform.query(
      ATTACH,
      {
        documentId: id,
        input: {
          fileName: '../../regulamin.pdf',
          mediaType: 'application/pdf',
          contentBase64: bytes.toString('base64'),
        },
      },
      'tomasz.zielinski',
    );
    expect(added.errors).toBeUndefined();
    expect(added.data!.addAttachment).toMatchObject({
      fileName: 'regulamin.pdf',
      mediaType: 'application/pdf',
      size: 50_000,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    });
    const read = await platform.query(
      'query($id: ID!) { document(id: $id) { attachments { fileName sha256 contentBase64 } } }',
      { id },
    );
    const [attachment] = read.data!.document.attachments;
    expect(Buffer.from(attachment.contentBase64, 'base64').equals(bytes)).toBe(true);
  });

  test('unsafe or unknown files are refused, and only those who may publish attach', async () => {
    const id = await cultureDocument(platform, { title: 'Załączniki' });
    const exe = await platform.query(
      ATTACH,
      { documentId: id, input: { fileName: 'x.exe', mediaType: 'application/x-msdownload', contentBase64: 'AAAA' } },
      'tomasz.zielinski',
    );
    expect(errorCodes(exe)).toEqual(['BAD_USER_INPUT']);
    const notBase64 = await platform.query(
      ATTACH,
      { documentId: id, input: { fileName: 'a.txt', mediaType: 'text/plain', contentBase64: '!!!' } },
      'tomasz.zielinski',
    );
    expect(errorCodes(notBase64)).toEqual(['BAD_USER_INPUT']);
    const stranger = await platform.query(
      ATTACH,
      { documentId: id, input: { fileName: 'a.txt', mediaType: 'text/plain', contentBase64: 'YQ==' } },
      'pawel.mazur',
    );
    expect(errorCodes(stranger)).toEqual(['FORBIDDEN']);
  });

  test('feeds filter by tag and by date range; a document is found by its channel and slug', async () => {
    const id = await cultureDocument(platform, { title: 'Jazz na Kazimierzu', tags: ['Jazz', 'muzyka'] });
    const byTag = await platform.query('{ documents(tag: "jazz") { nodes { id tags } } }');
    expect(byTag.data!.documents.nodes).toEqual([{ id, tags: ['jazz', 'muzyka'] }]);

    const range = await platform.query(
      'query($from: DateTime, $to: DateTime) { documents(publishedFrom: $from, publishedTo: $to, first: 100) { nodes { publishedAt } } }',
      { from: '2026-10-01T00:00:00Z', to: '2026-10-15T00:00:00Z' },
    );
    const times = range.data!.documents.nodes.map((d: { publishedAt: string }) => Date.parse(d.publishedAt));
    expect(times.length).toBeGreaterThan(0);
    expect(
      times.every((t: number) => t >= Date.parse('2026-10-01T00:00:00Z') && t < Date.parse('2026-10-15T00:00:00Z')),
    ).toBe(true);

    const bySlug = await platform.query(
      '{ channelBySlug(slug: "kultura-web") { document(slug: "jazz-na-kazimierzu") { id title metadata { responsibleUnit { name } } } } }',
    );
    expect(bySlug.data!.channelBySlug.document).toEqual({
      id,
      title: 'Jazz na Kazimierzu',
      metadata: { responsibleUnit: { name: 'Wydział Kultury i Dziedzictwa Narodowego' } },
    });
    const byUnit = await platform.query(
      'query($u: ID!, $c: ID!) { documents(unitId: $u, channelId: $c, first: 1) { nodes { id } } }',
      { u: unit('kultura'), c: channel('kultura-web') },
    );
    expect(byUnit.data!.documents.nodes).toEqual([{ id }]);
  });
});
