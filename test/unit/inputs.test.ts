/**
 * Issue 13: rules on input, tested without a platform: what a DateTime accepts (platform/instant.ts, used by the
 * gateway and every subgraph), how a search query becomes words, and the delay arithmetic.
 */
import { instantProblem, readInstant } from '../../platform/instant';
import { delayFigures, median, percentile } from '../../subgraphs/content/domain/delay';
import { searchWords } from '../../subgraphs/content/domain/search';

test('a DateTime is an ISO 8601 instant on a real calendar day', () => {
  expect(readInstant('2026-11-25T09:30:00Z')?.toISOString()).toBe('2026-11-25T09:30:00.000Z');
  expect(readInstant('2026-11-25T10:30:00+01:00')?.toISOString()).toBe('2026-11-25T09:30:00.000Z');
  for (const bad of [
    'yesterday',
    '31.12.2026',
    '2026-13-45T00:00:00Z',
    '2026-02-30T12:00:00Z',
    '2026-11-25',
    20261125,
    null,
  ]) {
    expect({ bad, read: readInstant(bad) }).toEqual({ bad, read: null });
  }
  expect(instantProblem('31.12.2026', '"deadline"')).toBe(
    '"deadline" must be a date-time in ISO 8601, e.g. 2026-11-25T09:30:00Z; "31.12.2026" is not one.',
  );
});

test('R-2.1 a query becomes folded words of 3 letters or more; only the last is also a prefix', () => {
  const words = searchWords('Urzędu  w  Krakowie utrudn');
  expect(words.map((w) => [w.word, w.prefix])).toEqual([
    ['urzedu', false],
    ['krakowie', false],
    ['utrudn', true],
  ]);
  expect(words[0].forms).toContain('urzad');
  expect(() => searchWords('w na')).toThrow(/at least one word of 3/);
  expect(searchWords(Array.from({ length: 30 }, (_, i) => `slowo${i}`).join(' '))).toHaveLength(10);
});

test('R-2.3 delays: median and 90th percentile per unit and channel, and how many exceeded the threshold', () => {
  expect(median([1, 2, 3, 4])).toBe(2.5);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  const hour = 3_600_000;
  const figures = delayFigures(
    [
      { unitId: 'u', channelId: 'c', delayMs: 1 * hour },
      { unitId: 'u', channelId: 'c', delayMs: 3 * hour },
      { unitId: 'u', channelId: 'c', delayMs: 50 * hour },
      { unitId: 'v', channelId: 'c', delayMs: -hour },
    ],
    24,
  );
  expect(figures).toEqual([
    { unitId: 'u', channelId: 'c', count: 3, medianHours: 3, p90Hours: 50, overThreshold: 1 },
    { unitId: 'v', channelId: 'c', count: 1, medianHours: 0, p90Hours: 0, overThreshold: 0 },
  ]);
});
