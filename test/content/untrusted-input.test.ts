/**
 * Untrusted input in documents (issue 12, "Untrusted content"): plain-text fields keep no markup, body images come
 * only from https addresses, attachment names carry no path, control or text-direction characters, and the
 * metadata's preparer is the one entering the document or an employee of the responsible unit (R-T.1).
 */
import { channel, cultureDocument, person, unit } from '../support/documents';
import { CREATE_DOCUMENT } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

describe('untrusted input in documents', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const create = (fields: Record<string, unknown>) =>
    platform.query(
      CREATE_DOCUMENT,
      {
        input: {
          channelId: channel('kultura-web'),
          responsibleUnitId: unit('kultura'),
          title: 'Tytuł',
          body: '<p>Treść</p>',
          kind: 'NEWS',
          ...fields,
        },
      },
      'tomasz.zielinski',
    );

  test('title, lead and tags are plain text: markup is refused with the field named', async () => {
    for (const [field, value] of [
      ['title', 'Koncert <script>alert(1)</script>'],
      ['lead', 'Zobacz <img src=x onerror=alert(1)>'],
      ['tags', ['<b>kultura</b>']],
    ] as const) {
      const response = await create({ [field]: value });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].message).toMatch(new RegExp(`"${field}" is plain text`));
    }
    const fine = await create({ title: 'Dzieci < 5 lat wchodzą za darmo', lead: 'Bilety: 10 zł > 5 zł' });
    expect(fine.errors).toBeUndefined();
  });

  test('images in the body come only from https addresses', async () => {
    const created = await create({
      body: '<p>Zdjęcia</p><img src="https://www.krakow.pl/a.jpg" alt="a"><img src="//evil.example/b.jpg"><img src="/c.jpg"><img src="http://x.example/d.jpg">',
    });
    expect(created.errors).toBeUndefined();
    const body = created.data!.createDocument.body as string;
    expect(body).toContain('https://www.krakow.pl/a.jpg');
    expect(body).not.toMatch(/evil\.example|c\.jpg|x\.example/);
  });

  test('attachment names carry no backslash, control or text-direction characters', async () => {
    const id = await cultureDocument(platform, { title: 'Załączniki' }, { draft: true });
    const attach = (fileName: string) =>
      platform.query(
        'mutation($id: ID!, $input: AttachmentInput!) { addAttachment(documentId: $id, input: $input) { fileName } }',
        { id, input: { fileName, mediaType: 'text/plain', contentBase64: Buffer.from('x').toString('base64') } },
        'tomasz.zielinski',
      );
    for (const name of ['raport\u202Etxt.exe', 'a\\b.txt', 'linia\nnowa.txt'])
      expect(errorCodes(await attach(name))).toEqual(['BAD_USER_INPUT']);
    expect((await attach('regulamin.txt')).data!.addAttachment.fileName).toBe('regulamin.txt');
  });

  test('R-T.1 "prepared by" names the one entering it or an employee of the responsible unit, no one else', async () => {
    const other = await create({ preparedByPersonId: person('sysadmin') });
    expect(errorCodes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.errors![0].message).toMatch(/employee of the responsible unit/);
    const colleague = await create({ preparedByPersonId: person('kultura-head') });
    expect(colleague.errors).toBeUndefined();
  });
});
