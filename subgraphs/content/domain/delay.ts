/**
 * Publication delay: from when the information arose or was received to its first
 * publication, per unit and channel, with the median, the 90th percentile and how many exceeded
 * a threshold. Pure arithmetic, tested without a database.
 */
export interface DelaySample {
  unitId: string;
  channelId: string;
  delayMs: number;
}

export interface DelayFigures {
  unitId: string;
  channelId: string;
  count: number;
  medianHours: number;
  p90Hours: number;
  overThreshold: number;
}

const HOUR = 3_600_000;

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function median(sorted: number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function delayFigures(samples: DelaySample[], thresholdHours: number): DelayFigures[] {
  const groups = new Map<string, DelaySample[]>();
  for (const sample of samples) {
    const key = `${sample.unitId} ${sample.channelId}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  const round = (ms: number) => Math.round((ms / HOUR) * 100) / 100;
  return [...groups.values()]
    .map((group) => {
      const delays = group.map((s) => Math.max(0, s.delayMs)).sort((a, b) => a - b);
      return {
        unitId: group[0].unitId,
        channelId: group[0].channelId,
        count: delays.length,
        medianHours: round(median(delays)),
        p90Hours: round(percentile(delays, 90)),
        overThreshold: delays.filter((d) => d > thresholdHours * HOUR).length,
      };
    })
    .sort(
      (a, b) => b.p90Hours - a.p90Hours || a.unitId.localeCompare(b.unitId) || a.channelId.localeCompare(b.channelId),
    );
}
