import { ARCHIVE_DOCUMENT, CREATE_DOCUMENT, PUBLISH_DOCUMENT, RESTORE_REVISION, UNPUBLISH_DOCUMENT, UPDATE_DOCUMENT } from '../support/operations';
import { channel, cultureDocument, person, unit } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const HISTORY = /* GraphQL */ `
  query History($id: ID!) {
    document(id: $id) {
      title revision
      revisions { nodes { number title changedFields reason restoredFrom author { name } } }
      diff(from: 1, to: 2) { field before after patch }
      metadata {
        responsibleUnit { name } preparedBy { name } enteredBy { name } publishedBy { name } lastModifiedBy { name }
        occurredAt producedAt publishedAt lastModifiedAt revisionCount
      }
    }
  }
`;

describe('the change register and the metadata of documents', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-T.2 modifying a published document needs a reason and becomes a revision; any two compare, and a restore is a new revision', async () => {
    const id = await cultureDocument(platform, { title: 'Noc Teatrów 2026', lead: 'Program', tags: ['teatr'] });
    const noReason = await platform.query(UPDATE_DOCUMENT, { id, input: { title: 'Noc Teatrów 2026 – program' } }, 'tomasz.zielinski');
    expect(errorCodes(noReason)).toEqual(['BAD_USER_INPUT']);
    expect(noReason.errors![0].message).toMatch(/needs a reason/);

    const updated = await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { title: 'Noc Teatrów 2026 – program', tags: ['teatr', 'wydarzenia'] }, reason: 'Doprecyzowanie tytułu' },
      'tomasz.zielinski',
    );
    expect(updated.data!.updateDocument).toMatchObject({ revision: 2, tags: ['teatr', 'wydarzenia'], status: 'PUBLISHED' });

    const history = await platform.query(HISTORY, { id }); // anonymous: the register of a published document is public
    const doc = history.data!.document;
    expect(doc.revisions.nodes).toEqual([
      { number: 2, title: 'Noc Teatrów 2026 – program', changedFields: ['title', 'tags'], reason: 'Doprecyzowanie tytułu', restoredFrom: null, author: { name: 'Tomasz Zieliński' } },
      expect.objectContaining({ number: 1, title: 'Noc Teatrów 2026', reason: null }),
    ]);
    expect(doc.diff.map((c: { field: string }) => c.field)).toEqual(['title', 'tags']);
    expect(doc.diff[0]).toMatchObject({ before: 'Noc Teatrów 2026', after: 'Noc Teatrów 2026 – program' });
    expect(doc.diff[0].patch).toContain('-Noc Teatrów 2026\n+Noc Teatrów 2026 – program');

    const restored = await platform.query(RESTORE_REVISION, { id, number: 1, reason: 'Błędna zmiana' }, 'tomasz.zielinski');
    expect(restored.data!.restoreRevision).toMatchObject({ title: 'Noc Teatrów 2026', revision: 3 });
    const after = (await platform.query(HISTORY, { id })).data!.document;
    expect(after.revisions.nodes[0]).toMatchObject({ number: 3, restoredFrom: 1, changedFields: ['title', 'tags'], reason: 'Przywrócono wersję 1: Błędna zmiana' });
    expect(after.revisions.nodes).toHaveLength(3);
  });

  test('R-T.1 every published document carries its metadata, readable by anyone', async () => {
    const occurredAt = new Date(Date.now() - 5 * 3_600_000).toISOString();
    const id = await cultureDocument(platform, { title: 'Konkurs na szopkę', occurredAt, preparedByPersonId: person('kultura-clerk') });
    await platform.query(UPDATE_DOCUMENT, { id, input: { lead: 'Nowy lead' }, reason: 'Uzupełnienie' }, 'tomasz.zielinski');
    const { metadata } = (await platform.query(HISTORY, { id })).data!.document;
    expect(metadata).toMatchObject({
      responsibleUnit: { name: 'Wydział Kultury i Dziedzictwa Narodowego' },
      preparedBy: { name: 'Paweł Mazur' },
      enteredBy: { name: 'Tomasz Zieliński' },
      publishedBy: { name: 'Tomasz Zieliński' },
      lastModifiedBy: { name: 'Tomasz Zieliński' },
      occurredAt,
      revisionCount: 2,
    });
    expect(Date.parse(metadata.publishedAt)).toBeGreaterThanOrEqual(Date.parse(metadata.producedAt));
    expect(Date.parse(metadata.lastModifiedAt)).toBeGreaterThanOrEqual(Date.parse(metadata.publishedAt));
  });

  test('the workflow table: publish, unpublish with a reason, archive; an archived document is kept and cannot change', async () => {
    const id = await cultureDocument(platform, { title: 'Stary komunikat' });
    expect(errorCodes(await platform.query(PUBLISH_DOCUMENT, { id }, 'tomasz.zielinski'))).toEqual(['CONFLICT']);
    expect(errorCodes(await platform.query(UNPUBLISH_DOCUMENT, { id, reason: ' ' }, 'tomasz.zielinski'))).toEqual(['BAD_USER_INPUT']);
    expect((await platform.query(UNPUBLISH_DOCUMENT, { id, reason: 'Nieaktualne' }, 'tomasz.zielinski')).data!.unpublishDocument.status).toBe('UNPUBLISHED');
    expect((await platform.query('query($id: ID!) { document(id: $id) { id } }', { id })).data!.document).toBeNull();
    expect((await platform.query(ARCHIVE_DOCUMENT, { id, reason: 'Koniec sezonu' }, 'tomasz.zielinski')).data!.archiveDocument.status).toBe('ARCHIVED');
    const change = await platform.query(UPDATE_DOCUMENT, { id, input: { title: 'Nowy' }, reason: 'x' }, 'tomasz.zielinski');
    expect(errorCodes(change)).toEqual(['CONFLICT']);
    expect(errorCodes(await platform.query(PUBLISH_DOCUMENT, { id }, 'tomasz.zielinski'))).toEqual(['CONFLICT']);
  });

  test('a create retried with the same idempotency key makes one document', async () => {
    const CREATE_ONCE = 'mutation($input: CreateDocumentInput!, $key: String) { createDocument(input: $input, idempotencyKey: $key) { id } }';
    const input = { channelId: channel('kultura-web'), responsibleUnitId: unit('kultura'), title: 'Raz', body: '<p>x</p>', kind: 'NEWS' };
    const [a, b] = await Promise.all([
      platform.query(CREATE_ONCE, { input, key: 'form-42' }, 'tomasz.zielinski'),
      platform.query(CREATE_ONCE, { input, key: 'form-42' }, 'tomasz.zielinski'),
    ]);
    const c = await platform.query(CREATE_ONCE, { input, key: 'form-42' }, 'tomasz.zielinski');
    const d = await platform.query(CREATE_ONCE, { input, key: 'form-43' }, 'tomasz.zielinski');
    expect(a.data!.createDocument.id).toBe(b.data!.createDocument.id);
    expect(c.data!.createDocument.id).toBe(a.data!.createDocument.id);
    expect(d.data!.createDocument.id).not.toBe(a.data!.createDocument.id);
  });
});
