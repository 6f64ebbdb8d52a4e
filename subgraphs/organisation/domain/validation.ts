/** Checks of free-text input shared by the organisation's acts. */
import { badInput } from '../../../platform/errors';

export function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (text === '') throw badInput(`"${field}" must not be empty.`, field);
  if (text.length > max) throw badInput(`"${field}" is longer than ${max} characters.`, field);
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  if (text.length > max) throw badInput(`"${field}" is longer than ${max} characters.`, field);
  return text;
}

export function isoDate(value: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw badInput(`"${field}" must be a date written YYYY-MM-DD; got "${value}".`, field);
  }
  return value;
}

export function validityWindow(
  from: Date | null | undefined,
  until: Date | null | undefined,
  now: Date,
): { from: Date; until: Date | null } {
  const start = from ?? now;
  if (until && until <= start) throw badInput('"validUntil" must be later than "validFrom".', 'validUntil');
  if (until && until <= now) throw badInput('"validUntil" is already past.', 'validUntil');
  return { from: start, until: until ?? null };
}
