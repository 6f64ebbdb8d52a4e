import {
  ARCHIVE_DOCUMENT,
  CREATE_DOCUMENT,
  PUBLISH_DOCUMENT,
  RESTORE_REVISION,
  UNPUBLISH_DOCUMENT,
  UPDATE_DOCUMENT,
} from '../support/operations';
import { channel, cultureDocument, person, unit } from '../support/documents';
import { CONTENT_FIELDS } from '../../subgraphs/content/domain/revisions';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const HISTORY = /* GraphQL */ `
  query History($id: ID!) {
    document(id: $id) {
      title
      revision
      revisions {
        nodes {
          number
          title
          changedFields
          reason
          restoredFrom
          author {
            name
          }
        }
      }
      diff(from: 1, to: 2) {
        field
        before
        after
        patch
      }
      metadata {
        responsibleUnit {
          name
        }
        preparedBy {
          name
        }
        enteredBy {
          name
        }
        publishedBy {
          name
        }
        lastModifiedBy {
          name
        }
        occurredAt
        producedAt
        publishedAt
        lastModifiedAt
        revisionCount
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
    const noReason = await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { title: 'Noc Teatrów 2026 – program' } },
      'tomasz.zielinski',
    );
    expect(errorCodes(noReason)).toEqual(['BAD_USER_INPUT']);
    expect(noReason.errors![0].message).toMatch(/needs a reason/);

    const updated = await platform.query(
      UPDATE_DOCUMENT,
      {
        id,
        input: { title: 'Noc Teatrów 2026 – program', tags: ['teatr', 'wydarzenia'] },
        reason: 'Doprecyzowanie tytułu',
      },
      'tomasz.zielinski',
    );
    expect(updated.data!.updateDocument).toMatchObject({
      revision: 2,
      tags: ['teatr', 'wydarzenia'],
      status: 'PUBLISHED',
    });

    const history = await platform.query(HISTORY, { id }); // anonymous: the register of a published document is public
    const doc = history.data!.document;
    expect(doc.revisions.nodes).toEqual([
      {
        number: 2,
        title: 'Noc Teatrów 2026 – program',
        changedFields: ['title', 'tags'],
        reason: 'Doprecyzowanie tytułu',
        restoredFrom: null,
        author: { name: 'Tomasz Zieliński' },
      },
      expect.objectContaining({ number: 1, title: 'Noc Teatrów 2026', reason: null }),
    ]);
    expect(doc.diff.map((c: { field: string }) => c.field)).toEqual(['title', 'tags']);
    expect(doc.diff[0]).toMatchObject({ before: 'Noc Teatrów 2026', after: 'Noc Teatrów 2026 – program' });
    expect(doc.diff[0].patch).toContain('-Noc Teatrów 2026\n+Noc Teatrów 2026 – program');

    const restored = await platform.query(
      RESTORE_REVISION,
      { id, number: 1, reason: 'Błędna zmiana' },
      'tomasz.zielinski',
    );
    expect(restored.data!.restoreRevision).toMatchObject({ title: 'Noc Teatrów 2026', revision: 3 });
    const after = (await platform.query(HISTORY, { id })).data!.document;
    expect(after.revisions.nodes[0]).toMatchObject({
      number: 3,
      restoredFrom: 1,
      changedFields: ['title', 'tags'],
      reason: 'Przywrócono wersję 1: Błędna zmiana',
    });
    expect(after.revisions.nodes).toHaveLength(3);
  });

  test('R-T.1 every published document carries its metadata, readable by anyone', async () => {
    const occurredAt = new Date(Date.now() - 5 * 3_600_000).toISOString();
    const id = await cultureDocument(platform, {
      title: 'Konkurs na szopkę',
      occurredAt,
      preparedByPersonId: person('kultura-clerk'),
    });
    await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { lead: 'Nowy lead' }, reason: 'Uzupełnienie' },
      'tomasz.zielinski',
    );
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
    expect(errorCodes(await platform.query(UNPUBLISH_DOCUMENT, { id, reason: ' ' }, 'tomasz.zielinski'))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      (await platform.query(UNPUBLISH_DOCUMENT, { id, reason: 'Nieaktualne' }, 'tomasz.zielinski')).data!
        .unpublishDocument.status,
    ).toBe('UNPUBLISHED');
    expect((await platform.query('query($id: ID!) { document(id: $id) { id } }', { id })).data!.document).toBeNull();
    expect(
      (await platform.query(ARCHIVE_DOCUMENT, { id, reason: 'Koniec sezonu' }, 'tomasz.zielinski')).data!
        .archiveDocument.status,
    ).toBe('ARCHIVED');
    const change = await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { title: 'Nowy' }, reason: 'x' },
      'tomasz.zielinski',
    );
    expect(errorCodes(change)).toEqual(['CONFLICT']);
    expect(errorCodes(await platform.query(PUBLISH_DOCUMENT, { id }, 'tomasz.zielinski'))).toEqual(['CONFLICT']);
  });

  test('R-T.2 the public change register starts at publication: draft text stays with those who could see the draft', async () => {
    const draftSentence = 'Kwota dotacji 120 000 zł czeka na podpis skarbnika';
    const draftReason = 'Usunięto kwotę przed uzgodnieniem';
    const id = await cultureDocument(
      platform,
      { title: 'Dotacje dla teatrów 2027', body: `<p>${draftSentence}.</p>` },
      { draft: true },
    );
    const edited = await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { body: '<p>Otwarty konkurs ofert dla teatrów.</p>' }, reason: draftReason },
      'tomasz.zielinski',
    );
    expect(edited.data!.updateDocument.revision).toBe(2);
    expect((await platform.query(PUBLISH_DOCUMENT, { id }, 'tomasz.zielinski')).errors).toBeUndefined();

    const REGISTER = /* GraphQL */ `
      query Register($id: ID!, $n: Int!) {
        document(id: $id) {
          revision
          metadata {
            firstPublishedRevision
            revisionCount
          }
          revisions {
            nodes {
              number
              body
              changedFields
              reason
              restoredFrom
            }
          }
          early: revisionNumber(number: $n) {
            number
            body
          }
        }
      }
    `;
    const anonymous = await platform.query(REGISTER, { id, n: 1 });
    expect(anonymous.errors).toBeUndefined();
    const published = anonymous.data!.document;
    expect(published.metadata).toEqual({ firstPublishedRevision: 2, revisionCount: 2 });
    // The public's first revision is the published state, all of it new to the public, with no draft history.
    expect(published.revisions.nodes).toEqual([
      {
        number: 2,
        body: '<p>Otwarty konkurs ofert dla teatrów.</p>',
        changedFields: [...CONTENT_FIELDS],
        reason: null,
        restoredFrom: null,
      },
    ]);
    expect(published.early).toBeNull();
    expect(JSON.stringify(anonymous)).not.toContain('skarbnika');
    expect(JSON.stringify(anonymous)).not.toContain(draftReason);
    const DIFF =
      'query($id: ID!, $from: Int!, $to: Int!) { document(id: $id) { diff(from: $from, to: $to) { field before after } } }';
    const leak = await platform.query(DIFF, { id, from: 1, to: 2 });
    expect(errorCodes(leak)).toEqual(['BAD_USER_INPUT']);
    expect(leak.errors![0].message).toMatch(/public change register .* revisions 2 to 2/);
    expect(JSON.stringify(leak)).not.toContain('skarbnika');

    // Every change after publication is public.
    await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { title: 'Dotacje dla teatrów 2027 – konkurs' }, reason: 'Doprecyzowanie tytułu' },
      'tomasz.zielinski',
    );
    const later = (await platform.query(REGISTER, { id, n: 1 })).data!.document;
    expect(later.revisions.nodes.map((r: { number: number }) => r.number)).toEqual([3, 2]);
    expect(later.revisions.nodes[0]).toMatchObject({ changedFields: ['title'], reason: 'Doprecyzowanie tytułu' });
    expect(
      (await platform.query(DIFF, { id, from: 2, to: 3 })).data!.document.diff.map((c: { field: string }) => c.field),
    ).toEqual(['title']);
    // A head of another unit reads as the public does.
    const outsider = (await platform.query(REGISTER, { id, n: 1 }, 'barbara.jankowska')).data!.document;
    expect(outsider.revisions.nodes.map((r: { number: number }) => r.number)).toEqual([3, 2]);
    expect(outsider.early).toBeNull();

    // Those who could see the draft (its unit, the unit head, the editorial office) still see all of it.
    for (const login of ['tomasz.zielinski', 'maria.wisniewska', 'anna.kowalczyk']) {
      const insider = (await platform.query(REGISTER, { id, n: 1 }, login)).data!.document;
      expect(insider.revisions.nodes.map((r: { number: number }) => r.number)).toEqual([3, 2, 1]);
      expect(insider.revisions.nodes[1]).toMatchObject({ changedFields: ['body'], reason: draftReason });
      expect(insider.early.body).toContain(draftSentence);
      const diff = await platform.query(DIFF, { id, from: 1, to: 2 }, login);
      expect(diff.data!.document.diff[0].before).toContain(draftSentence);
    }
  });

  test('R-T.1 taking a document down keeps who, when and why; the metadata names the first and the latest publication', async () => {
    const created = await platform.query(
      CREATE_DOCUMENT,
      {
        input: {
          channelId: channel('info'),
          responsibleUnitId: unit('wks'),
          title: 'Godziny pracy Biura Obsługi Mieszkańców',
          body: '<p>Od 8 do 16.</p>',
          kind: 'ANNOUNCEMENT',
        },
      },
      'anna.kowalczyk',
    );
    const id = created.data!.createDocument.id as string;
    const first = (await platform.query(PUBLISH_DOCUMENT, { id }, 'anna.kowalczyk')).data!.publishDocument;
    expect(
      (await platform.query(UNPUBLISH_DOCUMENT, { id, reason: 'Nieaktualne godziny' }, 'piotr.nowak')).errors,
    ).toBeUndefined();
    expect((await platform.query(PUBLISH_DOCUMENT, { id }, 'piotr.nowak')).errors).toBeUndefined();

    const RECORD = /* GraphQL */ `
      query Record($id: ID!) {
        document(id: $id) {
          status
          publishedAt
          updatedAt
          metadata {
            publishedBy {
              name
            }
            publishedAt
            lastPublishedBy {
              name
            }
            lastPublishedAt
            lastModifiedBy {
              name
            }
            lastModifiedAt
            producedAt
          }
          statusChanges {
            nodes {
              kind
              from
              to
              reason
              by {
                name
              }
              scheduled
              revision
              at
            }
          }
        }
      }
    `;
    const doc = (await platform.query(RECORD, { id })).data!.document; // anonymous: it is published again
    expect(doc.metadata).toMatchObject({
      publishedBy: { name: 'Anna Kowalczyk' }, // the first publication, with its time
      publishedAt: first.publishedAt,
      lastPublishedBy: { name: 'Piotr Nowak' },
      lastModifiedBy: { name: 'Anna Kowalczyk' }, // nobody changed the content since she entered it
      lastModifiedAt: doc.metadata.producedAt,
    });
    expect(doc.publishedAt).toBe(first.publishedAt);
    expect(doc.updatedAt).toBe(doc.metadata.lastModifiedAt);
    expect(Date.parse(doc.metadata.lastPublishedAt)).toBeGreaterThan(Date.parse(first.publishedAt));
    expect(doc.statusChanges.nodes).toEqual([
      expect.objectContaining({
        kind: 'PUBLISHED',
        from: 'UNPUBLISHED',
        to: 'PUBLISHED',
        reason: null,
        by: { name: 'Piotr Nowak' },
        scheduled: false,
        revision: 1,
      }),
      expect.objectContaining({
        kind: 'UNPUBLISHED',
        from: 'PUBLISHED',
        to: 'UNPUBLISHED',
        reason: 'Nieaktualne godziny',
        by: { name: 'Piotr Nowak' },
      }),
      expect.objectContaining({
        kind: 'PUBLISHED',
        from: 'DRAFT',
        to: 'PUBLISHED',
        reason: null,
        by: { name: 'Anna Kowalczyk' },
        at: first.publishedAt,
      }),
    ]);
    expect(doc.statusChanges.nodes[0].at).toBe(doc.metadata.lastPublishedAt);

    await platform.query(ARCHIVE_DOCUMENT, { id, reason: 'Zastąpiony nowym komunikatem' }, 'piotr.nowak');
    const archived = (await platform.query(RECORD, { id }, 'anna.kowalczyk')).data!.document;
    expect(archived.status).toBe('ARCHIVED');
    expect(archived.statusChanges.nodes[0]).toMatchObject({
      kind: 'ARCHIVED',
      from: 'PUBLISHED',
      to: 'ARCHIVED',
      reason: 'Zastąpiony nowym komunikatem',
      by: { name: 'Piotr Nowak' },
    });
    expect(archived.metadata).toMatchObject({
      publishedBy: { name: 'Anna Kowalczyk' },
      lastPublishedBy: { name: 'Piotr Nowak' },
      lastModifiedBy: { name: 'Anna Kowalczyk' },
    });
  });

  test('R-T.2 comparing revisions is bounded: at most two diffs a request, and revisions too different are refused with a reason', async () => {
    const id = await cultureDocument(platform, { title: 'Długi regulamin', body: '<p>Punkt pierwszy</p>' });
    const edited = await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { title: 'Długi regulamin – zmiana' }, reason: 'Tytuł' },
      'tomasz.zielinski',
    );
    expect(edited.errors).toBeUndefined();
    const THREE =
      'query($id: ID!) { document(id: $id) { a: diff(from: 1, to: 2) { field } b: diff(from: 2, to: 1) { field } c: diff(from: 1, to: 2) { field } } }';
    // The gateway's cost budget refuses it before planning (issue 12: diff weighs 1,500 a field change)...
    const three = await platform.query(THREE, { id });
    expect(errorCodes(three)).toEqual(['QUERY_TOO_COSTLY']);
    // ...and content refuses it too, whoever sends it (a signed peer, or a gateway with a larger budget).
    const direct = await platform.signedPost(platform.subgraphs.content.url, { query: THREE, variables: { id } });
    expect(errorCodes(direct)).toEqual(['BAD_USER_INPUT']);
    expect(direct.errors![0].message).toMatch(/At most 2 diffs in one request/);

    const lines = (seed: string) =>
      Array.from({ length: 4000 }, (_, i) => `<p>${seed} ${i} ${((i * 7919) % 4001).toString(36)}</p>`).join('\n');
    const big = await cultureDocument(platform, { title: 'Rejestr umów', body: lines('umowa') });
    await platform.query(
      UPDATE_DOCUMENT,
      { id: big, input: { body: lines('aneks') }, reason: 'Nowy rejestr' },
      'tomasz.zielinski',
    );
    const compared = await platform.query(
      'query($id: ID!) { document(id: $id) { diff(from: 1, to: 2) { field patch } } }',
      { id: big },
    );
    expect(errorCodes(compared)).toEqual(['BAD_USER_INPUT']);
    expect(compared.errors![0].message).toMatch(/differs too much to compare here/);
  });

  test('a create retried with the same idempotency key makes one document', async () => {
    const CREATE_ONCE =
      'mutation($input: CreateDocumentInput!, $key: String) { createDocument(input: $input, idempotencyKey: $key) { id } }';
    const input = {
      channelId: channel('kultura-web'),
      responsibleUnitId: unit('kultura'),
      title: 'Raz',
      body: '<p>x</p>',
      kind: 'NEWS',
    };
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
