/**
 * Issue 12: CPU-heavy work (long diffs, sanitising and indexing long bodies, decoding uploads) runs in worker
 * threads. Functional checks only: the answers are those of the same functions on the event loop, a thread
 * that dies fails its own task with a clear error, and stopping the platform stops the threads. How long the
 * event loop is blocked with and without the pool is measured in bench/event-loop.ts, not here.
 */
import path from 'node:path';
import { WorkerPool } from '../../subgraphs/common/worker-pool';
import { diffRevisions } from '../../subgraphs/content/domain/revisions';
import type { Revision } from '../../subgraphs/content/entities/revision';
import { POISONED_TASKS } from '../fixtures/workers/poisoned-tasks';
import { cultureDocument } from '../support/documents';
import { SEARCH, UPDATE_DOCUMENT } from '../support/operations';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const lines = (count: number, word: (i: number) => string) =>
  Array.from(
    { length: count },
    (_, i) => `<p>Paragraf ${i}: ${word(i)} urzędu miasta ${((i * 7919) % 4001).toString(36)}</p>`,
  ).join('\n');

describe('issue 12: CPU-heavy work off the event loop', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ WORKER_THREADS: '1' });
  });
  afterAll(() => platform?.stop());

  test('issue 12: a diff of two 4,000-line revisions is the same through the worker pool as on the event loop', async () => {
    const id = await cultureDocument(platform, { title: 'Rejestr uchwał', body: lines(4000, () => 'uchwała') });
    const body = lines(4000, (i) => (i % 500 === 7 ? 'uchwała zmieniona' : 'uchwała'));
    const edited = await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { body, tags: ['rejestr'] }, reason: 'Zmiany' },
      'tomasz.zielinski',
    );
    expect(edited.errors).toBeUndefined();

    const REVISIONS = `query($id: ID!) { document(id: $id) {
      one: revisionNumber(number: 1) { number title lead body kind language tags }
      two: revisionNumber(number: 2) { number title lead body kind language tags }
      diff(from: 1, to: 2) { field before after patch } } }`;
    const answer = await platform.query(REVISIONS, { id }, 'tomasz.zielinski');
    expect(answer.errors).toBeUndefined();
    const { one, two, diff } = answer.data!.document;
    const revision = (r: Record<string, unknown>) => ({ ...r, tags: JSON.stringify(r.tags) }) as unknown as Revision;
    expect(diff).toEqual(diffRevisions(revision(one), revision(two)));
    expect(diff.map((change: { field: string }) => change.field)).toEqual(['body', 'tags']);
    expect(platform.subgraphs.content.workers!.threadCount).toBe(1);
  });

  test('issue 12: a long body is sanitised and indexed in a worker thread: refusals keep their code, search finds its words', async () => {
    await expect(
      cultureDocument(platform, { title: 'Skrypty', body: '<script>alert(1)</script>'.repeat(400) }),
    ).rejects.toThrow(/is empty once unsafe markup is removed.*BAD_USER_INPUT/);
    const id = await cultureDocument(platform, {
      title: 'Długi komunikat',
      body: lines(300, (i) => (i === 250 ? 'żółwie' : 'ogłoszenie')),
    });
    const found = await platform.query(SEARCH, { query: 'żółw', first: 5 });
    expect(found.data!.search.nodes.map((node: { id: string }) => node.id)).toContain(id);
  });
});

describe('issue 12: the worker pool', () => {
  const entry = path.join(__dirname, '..', 'fixtures', 'workers', 'poisoned');

  test('issue 12: a worker thread that crashes on a poisoned input fails that task with a clear error; the pool goes on', async () => {
    const pool = new WorkerPool(POISONED_TASKS, entry, { threads: 1, maxHeapMb: 32, taskTimeoutMs: 5_000 });
    try {
      await expect(pool.run('exhaustHeap', [])).rejects.toThrow(
        /The worker thread running "exhaustHeap" stopped \(.*memory.*\); the work was not done\./i,
      );
      expect(await pool.run('echo', ['dalej'])).toBe('DALEJ');
      await expect(pool.run('refuse', ['Nie tym razem.'])).rejects.toMatchObject({
        message: 'Nie tym razem.',
        extensions: { code: 'BAD_USER_INPUT', field: 'body' },
      });
      expect(pool.threadCount).toBe(1);
    } finally {
      await pool.close();
    }
  });

  test('issue 12: a task that never ends is abandoned after its time, and its thread replaced', async () => {
    const pool = new WorkerPool(POISONED_TASKS, entry, { threads: 1, taskTimeoutMs: 300 });
    try {
      const [spun, after] = await Promise.allSettled([pool.run('spin', []), pool.run('echo', ['kolejka'])]);
      expect(spun).toMatchObject({
        status: 'rejected',
        reason: expect.objectContaining({ message: expect.stringMatching(/"spin" took longer than 300 ms/) }),
      });
      expect(after).toEqual({ status: 'fulfilled', value: 'KOLEJKA' });
    } finally {
      await pool.close();
    }
  });

  test('issue 12: the worker threads stop with the platform', async () => {
    const own = await startTestPlatform({ WORKER_THREADS: '1' });
    const workers = own.subgraphs.content.workers!;
    try {
      await cultureDocument(own, { title: 'Długi', body: lines(200, () => 'tekst') });
      expect(workers.threadCount).toBe(1);
    } finally {
      await own.stop();
    }
    expect(workers.threadCount).toBe(0);
    await expect(workers.run('decodeFile', ['AAAA'])).rejects.toThrow(/worker pool is stopped/);
  });
});
