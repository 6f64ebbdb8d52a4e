/**
 * One definition of a grant "in force", used by every list that shows
 * `Grant.active` and by the publishing check, so what a clerk reads is what publishing enforces:
 * the grant has started and not expired, is not revoked, its account is active, and it rests on a
 * designation that is in force and covers the grant's channel.
 */
import type { Account } from '../entities/account';
import type { Grant } from '../entities/grant';
import { covers, type DesignationFacts } from './owners';

/** What a grant's standing depends on beyond its own record. */
export interface GrantContext {
  account: Pick<Account, 'status'> | null;
  /** The designation the grant rests on, as organisation has it now; null when none or unknown. */
  designation: Pick<DesignationFacts, 'active' | 'channelIds'> | null;
}

/**
 * How close a reason is to a grant that holds: when several grants could serve, the one closest to
 * holding gives the reason (its own record, then the account, then the designation, then the channel).
 */
export type Nearness = 0 | 1 | 2 | 3;

export interface NotInForce {
  nearness: Nearness;
  /** A clause, e.g. "the designation it rests on was withdrawn or has expired (R-4.3)". */
  reason: string;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** What the grant's own record says: not yet valid, expired or revoked; null when the record holds. */
export function recordRefusal(grant: Grant, now = new Date()): string | null {
  if (grant.revokedAt) return `it was revoked on ${day(grant.revokedAt)}`;
  if (grant.validFrom > now) return `it is valid only from ${day(grant.validFrom)}`;
  if (grant.validUntil && grant.validUntil <= now) return `it expired on ${day(grant.validUntil)}`;
  return null;
}

/**
 * Why the grant is not in force now, or null when it is. With `channelId`, also whether its
 * designation covers that channel (the channel a publishing act is on).
 */
export function whyNotInForce(
  grant: Grant,
  context: GrantContext,
  now = new Date(),
  channelId = grant.channelId,
): NotInForce | null {
  const record = recordRefusal(grant, now);
  if (record) return { nearness: 0, reason: record };
  if (context.account?.status !== 'ACTIVE') return { nearness: 1, reason: 'the account is suspended' };
  if (!grant.designationId) return { nearness: 2, reason: 'it rests on no designation, and every grant must (R-4.3)' };
  if (!context.designation?.active) {
    return {
      nearness: 2,
      reason:
        'the designation it rests on was withdrawn or has expired (R-4.3); the unit head can designate the person again',
    };
  }
  if (channelId && !covers(context.designation, channelId)) {
    return {
      nearness: 3,
      reason:
        'the designation it rests on does not cover this channel (R-4.3); the unit head can designate the person for it',
    };
  }
  return null;
}
