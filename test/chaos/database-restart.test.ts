/**
 * Issue 12, "Chaos and load tests": restart MariaDB under a publish load. The server is the machine's, so
 * this runs only on MariaDB (DATABASE_URL) and only when asked for (CHAOS_RESTART_DATABASE=1; `.ci/run`
 * sets it for its chaos run). Editors enter and publish documents through the gateway without pause while
 * the server is shut down and started again with the machine's own command. Afterwards:
 *  - every publish that was acknowledged without errors is there, published;
 *  - nothing is half-written: a publish writes, in one transaction, the document's status and publication
 *    metadata, its tags' publication time, its search entry, its status change (R-T.2) and its audit entry
 *    and change notice in the outbox (R-T.3). A published document has all of them, a draft none;
 *  - the platform reconnects by itself: later publishes succeed, the outbox relay delivers the audit entries
 *    to access, /ready is ready again; nothing was restarted but MariaDB.
 * The server is started again in `finally`, whatever happened.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { channel, unit } from '../support/documents';
import { CREATE_DOCUMENT, PUBLISH_DOCUMENT } from '../support/operations';
import { sleep, startChaosPlatform, waitFor } from '../support/chaos';
import type { GraphQLResponse, TestPlatform } from '../support/platform';

const run = promisify(execFile);
const EDITOR = 'tomasz.zielinski';
const LOOPS = 4;
const DOWN_MS = 2000;
const asked = Boolean(process.env.DATABASE_URL) && process.env.CHAOS_RESTART_DATABASE === '1';

/** The machine's commands (.library env notes, .ci/run): stop the server, start it, ask whether it answers. */
const mariadb = {
  shutdown: () => run('mariadb-admin', ['-uroot', '-h127.0.0.1', 'shutdown']),
  start: () => run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']),
  answers: () =>
    run('mariadb-admin', ['-uroot', '-h127.0.0.1', 'ping']).then(
      () => true,
      () => false,
    ),
};

async function startMariadbAgain(): Promise<number> {
  await mariadb.start();
  return waitFor('MariaDB answering after its start', mariadb.answers, 60_000, 250);
}

interface Attempt {
  loop: number;
  n: number;
  id?: string;
  created: boolean;
  /** Acknowledged: the publish answered PUBLISHED without errors. */
  published: boolean;
  errors: string[];
  at: number;
}

(asked ? describe : describe.skip)('issue 12 chaos: MariaDB restarted under a publish load', () => {
  let platform: TestPlatform;
  let token: string;
  beforeAll(async () => {
    platform = await startChaosPlatform({ RESPONSE_CACHE: 'off', OUTBOX_INTERVAL_MS: '500' });
    token = await platform.token(EDITOR, 3600);
  });
  afterAll(() => platform?.stop());

  const send = async (query: string, variables: Record<string, unknown>): Promise<GraphQLResponse> => {
    const response = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await response.json()) as GraphQLResponse), status: response.status };
  };

  /** Enters a document of the culture department and publishes it; what was acknowledged. */
  async function enterAndPublish(loop: number, n: number): Promise<Attempt> {
    const attempt: Attempt = { loop, n, created: false, published: false, errors: [], at: Date.now() };
    const codes = (answer: GraphQLResponse) =>
      (answer.errors ?? []).map((e) => `${answer.status} ${e.extensions?.code}: ${e.message}`);
    try {
      const input = {
        channelId: channel('kultura-web'),
        responsibleUnitId: unit('kultura'),
        title: `Chaos ${loop}-${n}: komunikat Wydziału Kultury`,
        body: '<p>Treść komunikatu wprowadzona podczas restartu bazy danych.</p>',
        kind: 'NEWS',
        tags: ['chaos', `petla-${loop}`],
      };
      const created = await send(CREATE_DOCUMENT, { input });
      attempt.errors.push(...codes(created));
      attempt.id = created.data?.createDocument?.id;
      attempt.created = !created.errors && Boolean(attempt.id);
      if (!attempt.id) return attempt;
      const published = await send(PUBLISH_DOCUMENT, { id: attempt.id });
      attempt.errors.push(...codes(published));
      attempt.published = !published.errors && published.data?.publishDocument?.status === 'PUBLISHED';
    } catch (error) {
      attempt.errors.push(`no answer: ${String((error as Error).cause ?? error)}`);
    }
    return attempt;
  }

  test('every acknowledged publish is there afterwards, nothing half-written, and the platform reconnects by itself', async () => {
    const attempts: Attempt[] = [];
    let running = true;
    const loops = Array.from({ length: LOOPS }, async (_, loop) => {
      for (let n = 0; running; n += 1) {
        attempts.push(await enterAndPublish(loop, n));
        // While the server is away an attempt fails at once: do not spin.
        if (!attempts[attempts.length - 1].published) await sleep(100);
      }
    });
    let shutDownAt = 0;
    let startedAt = 0;
    let mariadbStarted = false;
    try {
      await waitFor(
        'publishes before the restart',
        async () => attempts.filter((a) => a.published).length >= 8,
        30_000,
      );
      shutDownAt = Date.now();
      await mariadb.shutdown();
      await waitFor('MariaDB gone', async () => !(await mariadb.answers()), 30_000, 100);
      await sleep(DOWN_MS);
      startedAt = Date.now();
      const startMs = await startMariadbAgain();
      mariadbStarted = true;
      // Reconnects by itself: publishes succeed again, in a row, without anything else being restarted.
      const reconnectMs = await waitFor(
        'publishes acknowledged again after the restart',
        async () => {
          const recent = attempts.filter((a) => a.at > startedAt + startMs);
          return recent.length >= 10 && recent.slice(-10).every((a) => a.published);
        },
        60_000,
        200,
      );
      running = false;
      await Promise.all(loops);
      const during = attempts.filter((a) => a.at >= shutDownAt && a.at < startedAt);
      console.log(
        `MariaDB down ${startedAt - shutDownAt} ms, answering ${startMs} ms after its start; publishing again ${reconnectMs} ms after; ` +
          `${attempts.length} attempts, ${attempts.filter((a) => a.published).length} acknowledged, ${during.length} while it was down; ` +
          `errors seen: ${[...new Set(attempts.flatMap((a) => a.errors.map((e) => e.replace(/[0-9a-f-]{36}/g, '<id>').slice(0, 120))))].join(' | ')}`,
      );
      expect(during.filter((a) => a.published)).toEqual([]);
      expect(attempts.flatMap((a) => a.errors).filter((e) => /INTERNAL_SERVER_ERROR|^5\d\d /.test(e))).toEqual([]);

      // Every acknowledged publish is there, published, for anyone to read.
      const acknowledged = attempts.filter((a) => a.published).map((a) => a.id!);
      for (const id of acknowledged) {
        const answer = await platform.query('query($id: ID!) { document(id: $id) { id status publishedAt } }', { id });
        expect([id, answer.errors, answer.data?.document?.status]).toEqual([id, undefined, 'PUBLISHED']);
      }
      const acknowledgedCreates = attempts.filter((a) => a.created).map((a) => a.id!);
      await expectNothingHalfWritten(acknowledgedCreates);
      await expectAuditDelivered();

      const ready = await fetch(new URL('/ready', platform.gatewayUrl));
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { status: string }).status).toBe('ready');
    } finally {
      running = false;
      await Promise.all(loops);
      if (!mariadbStarted) await startMariadbAgain();
    }
  });

  /** Each chaos document is a draft with none of a publication's records, or published with every one of them. */
  async function expectNothingHalfWritten(acknowledgedCreates: string[]): Promise<void> {
    const db = platform.subgraphs.content.db;
    const documents = (await db.query(
      "SELECT id, status, publishedAt, lastPublishedAt, firstPublishedRevision FROM document WHERE title LIKE 'Chaos %'",
    )) as {
      id: string;
      status: string;
      publishedAt: Date | null;
      lastPublishedAt: Date | null;
      firstPublishedRevision: number | null;
    }[];
    expect(documents.map((d) => d.id)).toEqual(expect.arrayContaining(acknowledgedCreates));
    const count = async (sql: string, id: string) => Number((await db.query(sql, [id]))[0].n);
    const problems: string[] = [];
    for (const document of documents) {
      const facts = {
        revisions: await count('SELECT COUNT(*) AS n FROM revision WHERE documentId = ?', document.id),
        tags: await count('SELECT COUNT(*) AS n FROM document_tag WHERE documentId = ?', document.id),
        tagsPublished: await count(
          'SELECT COUNT(*) AS n FROM document_tag WHERE documentId = ? AND publishedAt IS NOT NULL',
          document.id,
        ),
        statusChanges: await count(
          "SELECT COUNT(*) AS n FROM status_change WHERE documentId = ? AND kind = 'PUBLISHED'",
          document.id,
        ),
        searchEntries: await count('SELECT COUNT(*) AS n FROM document_search WHERE documentId = ?', document.id),
        auditInOutbox: await count(
          "SELECT COUNT(*) AS n FROM outbox WHERE topic = 'audit' AND payload LIKE CONCAT('%', ?, '%')",
          document.id,
        ),
      };
      const published = document.status === 'PUBLISHED';
      const expected = published
        ? { revisions: 1, tags: 2, tagsPublished: 2, statusChanges: 1, searchEntries: 1, auditInOutbox: 1 }
        : { revisions: 1, tags: 2, tagsPublished: 0, statusChanges: 0, searchEntries: 0, auditInOutbox: 0 };
      const metadataWhole = published
        ? document.publishedAt !== null && document.lastPublishedAt !== null && document.firstPublishedRevision === 1
        : document.publishedAt === null && document.lastPublishedAt === null;
      if (
        !['DRAFT', 'PUBLISHED'].includes(document.status) ||
        !metadataWhole ||
        JSON.stringify(facts) !== JSON.stringify(expected)
      ) {
        problems.push(`${document.id} ${document.status} ${JSON.stringify(document)} ${JSON.stringify(facts)}`);
      }
    }
    expect(problems).toEqual([]);
  }

  /** The relay reconnected too: access's audit log holds a DOCUMENT_PUBLISHED entry for every published chaos document. */
  async function expectAuditDelivered(): Promise<void> {
    const published = (
      (await platform.subgraphs.content.db.query(
        "SELECT id FROM document WHERE title LIKE 'Chaos %' AND status = 'PUBLISHED'",
      )) as { id: string }[]
    ).map((row) => row.id);
    const missing = async () => {
      const logged = new Set(
        (
          (await platform.subgraphs.access.db.query(
            "SELECT subjectId FROM audit_entry WHERE action = 'DOCUMENT_PUBLISHED'",
          )) as { subjectId: string }[]
        ).map((row) => row.subjectId),
      );
      return published.filter((id) => !logged.has(id));
    };
    await waitFor('audit entries delivered to access', async () => (await missing()).length === 0, 30_000, 500).catch(
      () => undefined,
    );
    expect(await missing()).toEqual([]);
  }
});
