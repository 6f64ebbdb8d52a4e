/**
 * Issue 12: files travel as streams, outside GraphQL. A signed-in account POSTs a file's bytes to the gateway's
 * /uploads, attaches it with addAttachment(input: { uploadId }), and anyone who may read the document downloads it
 * from Attachment.url. Real files through the gateway over HTTP, and straight at the content subgraph as an
 * attacker on the cluster network would.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Upload } from '../../subgraphs/content/entities/upload';
import { LocalDiskStore } from '../../subgraphs/content/domain/attachments';
import { pruneUploads } from '../../subgraphs/content/domain/uploads';
import { startGateway } from '../../gateway';
import { cultureDocument } from '../support/documents';
import { addressOfStoppedSubgraph } from '../support/unreliable-subgraph';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { ATTACH, PDF, gatewayOrigin, upload } from '../support/uploads';

/** A real PDF padded with a comment line to `megabytes`. */
const pdfOf = (megabytes: number) =>
  Buffer.concat([
    PDF,
    Buffer.from(`%${crypto.randomBytes(8).toString('hex')}${'x'.repeat(megabytes * 1024 * 1024)}\n`),
  ]);
const HTML = Buffer.from('<!DOCTYPE html>\n<html><body><script>fetch("/graphql")</script></body></html>\n');
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('issue 12: files go up and down as streams, outside GraphQL', () => {
  let platform: TestPlatform;
  let draftId: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    draftId = await cultureDocument(platform, { title: 'Plan miejscowy: załączniki' }, { draft: true });
  });
  afterAll(() => platform?.stop());

  const attach = (documentId: string, input: Record<string, unknown>, as = 'tomasz.zielinski') =>
    platform.query(ATTACH, { documentId, input }, as);
  const download = async (url: string, as?: string, headers: Record<string, string> = {}) =>
    fetch(`${gatewayOrigin(platform)}${url}`, {
      headers: { ...(as ? { authorization: `Bearer ${await platform.token(as)}` } : {}), ...headers },
    });
  const waitingUploads = () => platform.subgraphs.content.db.getRepository(Upload).count();

  test('issue 12: an editor uploads a 6 MB PDF, attaches it by uploadId, and its url downloads the same bytes as a file', async () => {
    const file = pdfOf(6);
    const sent = await upload(platform, file, 'tomasz.zielinski');
    expect(sent).toMatchObject({ status: 201, size: file.length, sha256: sha256(file), mediaType: 'application/pdf' });
    expect(Date.parse(sent.expiresAt!) - Date.now()).toBeGreaterThan(55 * 60 * 1000);

    const added = await attach(draftId, {
      fileName: 'plan miejscowy – Bronowice.pdf',
      mediaType: 'application/pdf',
      uploadId: sent.uploadId,
    });
    expect(added.errors).toBeUndefined();
    const attachment = added.data!.addAttachment;
    expect(attachment).toMatchObject({ mediaType: 'application/pdf', size: file.length, sha256: sha256(file) });
    expect(attachment.url).toBe(`/attachments/${attachment.id}`);

    const response = await download(attachment.url, 'tomasz.zielinski');
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(file)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(file.length),
      'content-disposition': `attachment; filename="plan miejscowy _ Bronowice.pdf"; filename*=UTF-8''${encodeURIComponent('plan miejscowy – Bronowice.pdf')}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      etag: `"${sha256(file)}"`,
      'cache-control': 'private, no-store',
    });
    // The same ETag again: 304, no bytes.
    const again = await download(attachment.url, 'tomasz.zielinski', { 'if-none-match': `"${sha256(file)}"` });
    expect(again.status).toBe(304);

    // A draft's file is not the public's; inline base64 is for small files only.
    const anonymous = await download(attachment.url);
    expect(anonymous.status).toBe(404);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    const inline = await platform.query(
      'query($id: ID!) { document(id: $id) { attachments { contentBase64 } } }',
      { id: draftId },
      'tomasz.zielinski',
    );
    expect(errorCodes(inline)).toEqual(['BAD_USER_INPUT']);
    expect(inline.errors![0].message).toMatch(/up to 700 KB\. Download it from its url/);
  });

  test('issue 12: an upload is used once, only by the account that sent it; a refused attach leaves it waiting', async () => {
    const sent = await upload(platform, pdfOf(1), 'tomasz.zielinski');
    expect(sent.status).toBe(201);
    // Someone else's upload cannot be taken, even by a publisher of the document: it is not theirs.
    const others = await upload(platform, pdfOf(1), 'pawel.mazur');
    expect(others.status).toBe(201);
    const stranger = await attach(draftId, {
      fileName: 'a.pdf',
      mediaType: 'application/pdf',
      uploadId: others.uploadId,
    });
    expect(errorCodes(stranger)).toEqual(['NOT_FOUND']);
    // Declared as something it is not: refused, and the upload is still there to be attached properly.
    const wrongType = await attach(draftId, { fileName: 'a.png', mediaType: 'image/png', uploadId: sent.uploadId });
    expect(errorCodes(wrongType)).toEqual(['BAD_USER_INPUT']);
    expect(wrongType.errors![0].message).toMatch(
      /The uploaded file is not the image\/png that "mediaType" declares: its bytes are application\/pdf/,
    );
    const first = await attach(draftId, { fileName: 'a.pdf', mediaType: 'application/pdf', uploadId: sent.uploadId });
    expect(first.errors).toBeUndefined();
    const second = await attach(draftId, { fileName: 'b.pdf', mediaType: 'application/pdf', uploadId: sent.uploadId });
    expect(errorCodes(second)).toEqual(['NOT_FOUND']);
    expect(second.errors![0].message).toMatch(/used once, by the account that sent it/);
    const both = await attach(draftId, {
      fileName: 'c.pdf',
      mediaType: 'application/pdf',
      uploadId: sent.uploadId,
      contentBase64: PDF.toString('base64'),
    });
    expect(errorCodes(both)).toEqual(['BAD_USER_INPUT']);
  });

  test('issue 12: an HTML page uploaded as a PDF is identified by its bytes and refused', async () => {
    const sent = await upload(platform, HTML, 'tomasz.zielinski');
    expect(sent).toMatchObject({ status: 201, mediaType: 'text/html' });
    const refused = await attach(draftId, {
      fileName: 'umowa.pdf',
      mediaType: 'application/pdf',
      uploadId: sent.uploadId,
    });
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions).toMatchObject({
      field: 'uploadId',
      declared: 'application/pdf',
      detected: 'text/html',
    });
  });

  test('issue 12: only a signed-in account uploads, up to 10 MB; a GraphQL request over 1 MB is pointed to /uploads', async () => {
    expect(await upload(platform, PDF)).toMatchObject({
      status: 401,
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(await upload(platform, PDF, undefined, { authorization: 'Bearer not-a-token' })).toMatchObject({
      status: 401,
    });
    expect(await upload(platform, PDF, undefined, { 'x-api-key': 'mpi_partner_key' })).toMatchObject({ status: 403 });
    const before = await waitingUploads();
    const tooLarge = await upload(platform, pdfOf(11), 'tomasz.zielinski');
    expect(tooLarge).toMatchObject({ status: 413, errors: [{ message: 'The file is larger than 10 MB.' }] });
    expect(await waitingUploads()).toBe(before);

    // Between 700 KB and what a 1 MB request carries: the request is accepted, the file is sent to /uploads.
    const overInline = await attach(draftId, {
      fileName: 'p.pdf',
      mediaType: 'application/pdf',
      contentBase64: Buffer.concat([PDF, Buffer.alloc(740 * 1024, 0x25)]).toString('base64'),
    });
    expect(errorCodes(overInline)).toEqual(['BAD_USER_INPUT']);
    expect(overInline.errors![0].message).toMatch(/A file over 700 KB goes to POST \/uploads first/);
    const inline = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await platform.token('tomasz.zielinski')}`,
      },
      body: JSON.stringify({
        query: ATTACH,
        variables: {
          documentId: draftId,
          input: { fileName: 'p.pdf', mediaType: 'application/pdf', contentBase64: pdfOf(1).toString('base64') },
        },
      }),
    });
    expect(inline.status).toBe(413);
    const answer = (await inline.json()) as { errors: { message: string }[] };
    expect(answer.errors[0].message).toMatch(/larger than 1 MB\. A file goes to POST \/uploads first/);
  });

  test('issue 12: the content subgraph keeps nothing of an upload that is not signed, or signed wrongly', async () => {
    const target = new URL('/uploads', platform.subgraphUrls.content);
    const incoming = path.join(platform.config.attachmentsDir, 'incoming');
    const send = (headers: Record<string, string>, trailers?: Record<string, string>) =>
      new Promise<{ status: number; code: string }>((resolve, reject) => {
        const request = http.request(
          target,
          { method: 'POST', headers: { 'content-type': 'application/pdf', ...headers } },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, code: JSON.parse(text).errors[0].extensions.code }),
            );
          },
        );
        request.on('error', reject);
        request.write(PDF);
        if (trailers) request.addTrailers(trailers);
        request.end();
      });
    const before = await waitingUploads();
    expect(await send({})).toEqual({ status: 401, code: 'SIGNATURE_REQUIRED' });
    const forged = await send(
      { 'x-mpi-signed-at': String(Math.floor(Date.now() / 1000)), trailer: 'x-mpi-signature' },
      { 'x-mpi-signature': `v1=${'0'.repeat(64)}` },
    );
    expect(forged).toEqual({ status: 403, code: 'SIGNATURE_INVALID' });
    expect(await waitingUploads()).toBe(before);
    expect(fs.existsSync(incoming) ? fs.readdirSync(incoming) : []).toEqual([]);
  });

  test('issue 12: an upload never attached is forgotten after an hour, and its bytes removed when nothing else has them', async () => {
    const lonely = pdfOf(1);
    const sent = await upload(platform, lonely, 'tomasz.zielinski');
    expect(sent.status).toBe(201);
    const store = new LocalDiskStore(platform.config.attachmentsDir);
    const stored = path.join(platform.config.attachmentsDir, sha256(lonely).slice(0, 2), sha256(lonely));
    expect(fs.existsSync(stored)).toBe(true);
    const db = platform.subgraphs.content.db;
    // Expired: the row goes, but bytes written within the hour stay for now (an upload may be using them).
    await db.getRepository(Upload).update({ id: sent.uploadId }, { expiresAt: new Date(Date.now() - 1000) });
    expect(await pruneUploads(db, store)).toBeGreaterThanOrEqual(1);
    expect(await db.getRepository(Upload).findOneBy({ id: sent.uploadId })).toBeNull();
    expect(fs.existsSync(stored)).toBe(true);
    // Once they are older than an upload may be, bytes that no attachment and no upload has are removed.
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(stored, twoHoursAgo, twoHoursAgo);
    await db.getRepository(Upload).insert({
      id: crypto.randomUUID(),
      accountId: 'x',
      size: lonely.length,
      sha256: sha256(lonely),
      detectedMediaType: 'application/pdf',
      createdAt: twoHoursAgo,
      expiresAt: new Date(Date.now() - 1000),
    });
    // A file a stopped process left half-received goes too, once it is as old.
    const halfReceived = path.join(platform.config.attachmentsDir, 'incoming', 'left-by-a-crash');
    fs.mkdirSync(path.dirname(halfReceived), { recursive: true });
    fs.writeFileSync(halfReceived, PDF);
    fs.utimesSync(halfReceived, twoHoursAgo, twoHoursAgo);
    await pruneUploads(db, store);
    expect(fs.existsSync(stored)).toBe(false);
    expect(fs.existsSync(halfReceived)).toBe(false);
    const attached = await attach(draftId, {
      fileName: 'x.pdf',
      mediaType: 'application/pdf',
      uploadId: sent.uploadId,
    });
    expect(errorCodes(attached)).toEqual(['NOT_FOUND']);
  });

  test('issue 12: with content down, or refusing the gateway (another secret), an upload and a download are 503 at once, never left hanging', async () => {
    const token = await platform.token('tomasz.zielinski');
    const down = await addressOfStoppedSubgraph();
    for (const [replaced, settings] of [
      [{ content: down }, {}],
      [{}, { internalSecret: 'not-the-platform-secret-0123456789abcdef' }],
    ] as const) {
      const gateway = await startGateway(
        { ...platform.config, ...settings },
        { ...platform.subgraphUrls, ...replaced },
        0,
      );
      try {
        const origin = new URL(gateway.url).origin;
        const started = Date.now();
        const sent = await fetch(`${origin}/uploads`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
          body: pdfOf(1),
          signal: AbortSignal.timeout(15_000),
        });
        expect(sent.status).toBe(503);
        expect(((await sent.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
          'SUBGRAPH_UNAVAILABLE',
        );
        const read = await fetch(`${origin}/attachments/${crypto.randomUUID()}`, {
          signal: AbortSignal.timeout(15_000),
        });
        expect(read.status).toBe(503);
        expect(Date.now() - started).toBeLessThan(10_000);
      } finally {
        await gateway.stop();
      }
    }
  });
});
