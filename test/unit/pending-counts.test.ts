/** Issue 14: what a gateway counts is sent in batches, and what its owner did not take is sent again, added up. */
import { PendingCounts } from '../../gateway/pending-counts';
import { createLogger } from '../../platform/logger';

interface Count {
  key: string;
  count: number;
}

describe('counts a gateway keeps until their owner takes them', () => {
  test('issue 14: same keys add up; sent in sorted batches; a refused batch and the rest wait for the next flush', async () => {
    const sent: Count[][] = [];
    let refuse = false;
    const counts = new PendingCounts<Count>(
      {
        what: 'test counts',
        keyOf: (c) => c.key,
        add: (a, b) => ({ ...a, count: a.count + b.count }),
        send: async (batch) => {
          if (refuse && batch.some((c) => c.key === 'c')) throw new Error('owner away');
          sent.push(batch);
        },
        batchSize: 2,
      },
      createLogger('test', 'silent'),
    );
    for (const key of ['d', 'a', 'c', 'a', 'b']) counts.add({ key, count: 1 });
    refuse = true;
    await counts.flush();
    expect(sent).toEqual([
      [
        { key: 'a', count: 2 },
        { key: 'b', count: 1 },
      ],
    ]);
    expect(counts.size).toBe(2);
    counts.add({ key: 'c', count: 5 });
    refuse = false;
    await counts.flush();
    expect(sent[1]).toEqual([
      { key: 'c', count: 6 },
      { key: 'd', count: 1 },
    ]);
    expect(counts.size).toBe(0);
  });
});
