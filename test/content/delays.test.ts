import { delayFigures, median, percentile } from '../../subgraphs/content/domain/delay';
import { cultureDocument, unit, channel } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const HOUR = 3_600_000;

describe('R-2.3 publication delay figures (pure)', () => {
  test('median and nearest-rank 90th percentile', () => {
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3], 90)).toBe(3);
  });

  test('R-2.3 groups by unit and channel, counts those over the threshold, worst first', () => {
    const samples = [1, 2, 3, 30, 50].map((h) => ({ unitId: 'u1', channelId: 'c1', delayMs: h * HOUR }));
    samples.push({ unitId: 'u2', channelId: 'c1', delayMs: 0.5 * HOUR });
    expect(delayFigures(samples, 24)).toEqual([
      { unitId: 'u1', channelId: 'c1', count: 5, medianHours: 3, p90Hours: 50, overThreshold: 2 },
      { unitId: 'u2', channelId: 'c1', count: 1, medianHours: 0.5, p90Hours: 0.5, overThreshold: 0 },
    ]);
  });
});

describe('R-2.3 publication delay report through the gateway', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const REPORT = /* GraphQL */ `
    query Delays($from: DateTime!, $to: DateTime!, $unitId: ID, $channelId: ID) {
      publicationDelays(from: $from, to: $to, thresholdHours: 24, unitId: $unitId, channelId: $channelId) {
        unit {
          name
        }
        channel {
          name
        }
        count
        medianHours
        p90Hours
        overThreshold
      }
    }
  `;

  test('R-2.3 known delays give known figures per unit and channel', async () => {
    const start = new Date().toISOString();
    for (const hours of [2, 4, 6, 30]) {
      await cultureDocument(platform, {
        title: `Komunikat po ${hours} h`,
        occurredAt: new Date(Date.now() - hours * HOUR).toISOString(),
      });
    }
    const response = await platform.query(
      REPORT,
      {
        from: start,
        to: new Date(Date.now() + 60_000).toISOString(),
        unitId: unit('kultura'),
        channelId: channel('kultura-web'),
      },
      'anna.kowalczyk',
    );
    expect(response.errors).toBeUndefined();
    const [figures] = response.data!.publicationDelays;
    expect(figures).toMatchObject({
      unit: { name: 'Wydział Kultury i Dziedzictwa Narodowego' },
      channel: { name: 'Kultura w Krakowie' },
      count: 4,
      overThreshold: 1,
    });
    expect(figures.medianHours).toBeCloseTo(5, 1);
    expect(figures.p90Hours).toBeCloseTo(30, 1);
    const doc = await platform.query('{ documents(first: 1) { nodes { title delayHours } } }');
    expect(doc.data!.documents.nodes[0].delayHours).toBeCloseTo(30, 1);
  });

  test("R-2.3 the sample year has figures for several units, and the report is the editorial office's", async () => {
    const all = await platform.query(
      REPORT,
      { from: '2025-01-01T00:00:00Z', to: '2026-11-02T00:00:00Z' },
      'ewa.dabrowska',
    );
    expect(all.data!.publicationDelays.length).toBeGreaterThan(5);
    expect(
      errorCodes(
        await platform.query(REPORT, { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'maria.wisniewska'),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(
        await platform.query(REPORT, { from: '2026-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'anna.kowalczyk'),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });
});
