import { REVOKE, SCHEDULE_DOCUMENT } from '../support/operations';
import { cultureDocument } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { sampleId } from '../../subgraphs/common/sample';
import { Document } from '../../subgraphs/content/entities/document';

const STATE = 'query($id: ID!) { document(id: $id) { status publishedAt scheduledPublishAt scheduleError revision } }';
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
};

describe('scheduled publishing', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('a document scheduled for a time is published then, and taken down when asked', async () => {
    const id = await cultureDocument(platform, { title: 'Zapowiedź: Wianki 2027' }, { draft: true });
    const publishAt = new Date(Date.now() + 800).toISOString();
    const unpublishAt = new Date(Date.now() + 2500).toISOString();
    const scheduled = await platform.query(
      SCHEDULE_DOCUMENT,
      { id, publishAt, unpublishAt, reason: 'Po Wiankach' },
      'tomasz.zielinski',
    );
    expect(scheduled.data!.scheduleDocument).toMatchObject({
      status: 'DRAFT',
      scheduledPublishAt: publishAt,
      scheduledUnpublishAt: unpublishAt,
    });
    await until(async () => (await platform.query(STATE, { id })).data!.document?.status === 'PUBLISHED');
    const published = (await platform.query(STATE, { id })).data!.document;
    expect(published.status).toBe('PUBLISHED');
    expect(Date.parse(published.publishedAt)).toBeGreaterThanOrEqual(Date.parse(publishAt));
    await until(
      async () => (await platform.query(STATE, { id }, 'tomasz.zielinski')).data!.document.status === 'UNPUBLISHED',
    );
    expect((await platform.query(STATE, { id }, 'tomasz.zielinski')).data!.document.status).toBe('UNPUBLISHED');
  });

  test('R-2.3 a due schedule with no account on record is not carried out, and says to schedule it again', async () => {
    const id = await cultureDocument(platform, { title: 'Zapis bez zlecającego' }, { draft: true });
    // As a schedule written before the scheduler recorded who set it would be.
    await platform.subgraphs.content.db
      .getRepository(Document)
      .update({ id }, { scheduledPublishAt: new Date(Date.now() - 1000), scheduledByAccountId: null });
    await until(
      async () => (await platform.query(STATE, { id }, 'tomasz.zielinski')).data!.document.scheduleError !== null,
    );
    const doc = (await platform.query(STATE, { id }, 'tomasz.zielinski')).data!.document;
    expect(doc).toMatchObject({ status: 'DRAFT', scheduledPublishAt: null });
    expect(doc.scheduleError).toBe(
      'Publication not done: no account is on record as having scheduled it; schedule it again',
    );
  });

  test('a grant revoked before the time stops the scheduled publication, and says why', async () => {
    const id = await cultureDocument(platform, { title: 'Nie ukaże się' }, { draft: true });
    await platform.query(
      SCHEDULE_DOCUMENT,
      { id, publishAt: new Date(Date.now() + 1000).toISOString() },
      'tomasz.zielinski',
    );
    await platform.query(
      REVOKE,
      { id: sampleId('grant:tomasz.zielinski:kultura:kultura-web'), reason: 'Koniec umowy' },
      'anna.kowalczyk',
    );
    await until(
      async () => (await platform.query(STATE, { id }, 'maria.wisniewska')).data!.document.scheduleError !== null,
    );
    const doc = (await platform.query(STATE, { id }, 'maria.wisniewska')).data!.document;
    expect(doc).toMatchObject({ status: 'DRAFT', scheduledPublishAt: null });
    expect(doc.scheduleError).toMatch(/Publication not done: .*no PUBLISH grant/);
  });

  test('bad schedules are refused', async () => {
    const id = await cultureDocument(
      platform,
      { title: 'Termin', channelId: sampleId('channel:portal') },
      { draft: true },
    );
    const past = await platform.query(SCHEDULE_DOCUMENT, { id, publishAt: '2020-01-01T00:00:00Z' }, 'tomasz.zielinski');
    expect(errorCodes(past)).toEqual(['BAD_USER_INPUT']);
    const inverted = await platform.query(
      SCHEDULE_DOCUMENT,
      {
        id,
        publishAt: new Date(Date.now() + 60_000).toISOString(),
        unpublishAt: new Date(Date.now() + 30_000).toISOString(),
      },
      'tomasz.zielinski',
    );
    expect(errorCodes(inverted)).toEqual(['BAD_USER_INPUT']);
    const later = { id, publishAt: new Date(Date.now() + 60_000).toISOString() };
    // A colleague in the unit sees the draft but holds no grant; someone from another unit does not see it at all.
    expect(errorCodes(await platform.query(SCHEDULE_DOCUMENT, later, 'pawel.mazur'))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await platform.query(SCHEDULE_DOCUMENT, later, 'barbara.jankowska'))).toEqual(['NOT_FOUND']);
  });
});

describe('scheduled publishing across a crash', () => {
  test('a publication due while the platform was down happens once after restart', async () => {
    const first = await startTestPlatform();
    const id = await cultureDocument(
      first,
      { title: 'Po restarcie', channelId: sampleId('channel:portal') },
      { draft: true },
    );
    await first.query(
      SCHEDULE_DOCUMENT,
      { id, publishAt: new Date(Date.now() + 1500).toISOString() },
      'tomasz.zielinski',
    );
    await first.stop({ keepData: true }); // down before the time comes
    await new Promise((resolve) => setTimeout(resolve, 1800));

    const second = await startTestPlatform({}, first.config);
    try {
      await until(async () => (await second.query(STATE, { id })).data!.document?.status === 'PUBLISHED');
      const doc = (await second.query(STATE, { id })).data!.document;
      expect(doc).toMatchObject({ status: 'PUBLISHED', scheduledPublishAt: null, revision: 1 });
      // Several passes later it is still published once: same publication time.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await second.query(STATE, { id })).data!.document.publishedAt).toBe(doc.publishedAt);
    } finally {
      await second.stop();
    }
  });
});
