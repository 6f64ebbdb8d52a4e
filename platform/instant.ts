/**
 * What a `DateTime` accepts: an instant in ISO 8601 (date, "T", time, optional offset), on a real
 * calendar day. One rule for the subgraphs' scalar and for the gateway, which checks arguments
 * before planning because the supergraph's DateTime is opaque to it.
 */

export const INSTANT_EXAMPLE = '2026-11-25T09:30:00Z';

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}/;

/** The instant a value names, or null when it is not one. */
export function readInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const parts = ISO_DATE_TIME.exec(value);
  if (!parts) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  // JavaScript rolls 30 February over into March; a person who wrote it meant something else.
  const [year, month, day] = parts.slice(1, 4).map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  return date;
}

/** What to tell a person who sent `value` where a DateTime belongs (`subject`: which argument, e.g. `"deadline"`). */
export function instantProblem(value: unknown, subject?: string): string {
  const shown = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  const what = subject ? `${subject} must be a date-time` : 'A date-time must be written';
  return `${what} in ISO 8601, e.g. ${INSTANT_EXAMPLE}; ${shown} is not one.`;
}
