/**
 * Which channels the public sees. A proposed channel has not been approved, a new service
 * that was not approved never went live, and a retired one is history: all three are for signed-in
 * accounts only.
 */
import type { Caller } from '../../common/caller';
import type { ChannelStatus } from '../entities/channel';

export const PUBLIC_STATUSES: readonly ChannelStatus[] = ['LIVE', 'CHANGE_PENDING', 'FROZEN'];

export function visibleStatuses(caller: Caller | null): readonly ChannelStatus[] | 'all' {
  return caller ? 'all' : PUBLIC_STATUSES;
}

export function maySee(caller: Caller | null, status: ChannelStatus): boolean {
  const visible = visibleStatuses(caller);
  return visible === 'all' || visible.includes(status);
}
