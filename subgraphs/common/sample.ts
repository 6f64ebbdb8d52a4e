/**
 * Stable identifiers for the sample data: every subgraph's seed names the same unit, person
 * or channel by the same key (`unit:wks`) and so gets the same id without reading another's data.
 */
import crypto from 'node:crypto';

export function sampleId(key: string): string {
  const hex = crypto.createHash('sha1').update(`mpi-sample:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A fixed point in time for sample data, `days` before 2026-11-01 at `hour` UTC. */
export function sampleDate(daysBefore: number, hour = 9): Date {
  return new Date(Date.UTC(2026, 10, 1, hour) - daysBefore * 86_400_000);
}

/** A stable UUID-shaped id for a natural key (e.g. a graphic-line version), where a record has no UUID of its own. */
export const stableId = (key: string): string => sampleId(`stable:${key}`);
