/**
 * What a channel's status allows, for the subgraphs that act on channels they do not own (the
 * status comes from lifecycle, facts.ts). One definition each, so an act and the question "may I?"
 * give the same answer for the same reason.
 */
import { conflict } from '../../platform/errors';

/** Why nothing may be published on a channel in this status; none for a live one. */
const PUBLISHING_REFUSALS: Record<string, string> = {
  PROPOSED: 'The channel is not live yet: nothing may be published before the editorial office approves it (R-4.5).',
  NOT_APPROVED: 'The channel was never approved and never went live: nothing may be published on it (R-4.5).',
  FROZEN: 'The channel is frozen by a protective action: its content is read-only (R-5.2.5).',
  RETIRED: 'The channel is retired: nothing may be published on it.',
};

export function publishingRefusalOn(channel: { status: string }): string | null {
  return PUBLISHING_REFUSALS[channel.status] ?? null;
}

/** Why nothing may rest on a channel in this status; channels in service (live, changing, frozen for a while) take it. */
const NOT_IN_SERVICE: Record<string, string> = {
  PROPOSED:
    "is not approved yet: designations and grants follow the editorial office's approval (R-4.5); make them once it is live",
  NOT_APPROVED: 'was never approved and never went live (R-4.5)',
  RETIRED: 'is retired: it takes no new designations or grants',
};

/** designations and grants rest only on a channel in service. */
export function assertInService(channel: { name: string; status: string }, what: 'designation' | 'grant'): void {
  const why = NOT_IN_SERVICE[channel.status];
  if (why) throw conflict(`No ${what} can name the channel "${channel.name}": it ${why}.`);
}
