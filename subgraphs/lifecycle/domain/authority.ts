/**
 * Who may act in the lifecycle of MPI. Deny by default: each act names who may take it.
 * unit heads notify intended services and changes: the editorial
 * office decides, owns the map and the visual rules, supervises assistance: none of this
 * reaches BIP, and no request makes a channel BIP or takes it out of BIP: the Director of
 * WKS submits the report and the Deputy Mayor approves it.
 */
import { badInput } from '../../../platform/errors';
import { assertOutsideBip, isBip, outsideBip } from '../../common/supervision';
import type { Channel, ChannelKind, Supervision } from '../entities/channel';
import type { Decision, ServiceRequest } from '../entities/service-request';

export { assertHeadOf, assertHolds } from '../../common/authority';

/**
 * who supervises a channel. A channel of kind BIP is the BIP admin's whatever its record
 * says: an approval under the old rule could make a website BIP and leave the editorial office on record.
 */
export function supervisionOf(channel: Pick<Channel, 'kind' | 'supervision'>): Supervision {
  return channel.kind === 'BIP' ? 'BIP' : channel.supervision;
}

export function isBipChannel(channel: Pick<Channel, 'kind' | 'supervision'>): boolean {
  return isBip({ supervision: supervisionOf(channel) });
}

/** the editorial office's powers stop at BIP. */
export function assertNotBip(channel: Pick<Channel, 'kind' | 'supervision'>, act: string, next?: string): void {
  assertOutsideBip(isBipChannel(channel), act, next);
}

/** Whether a request would make a channel BIP or take it out of BIP (`channel` null: a new service). */
function crossesBip(
  channel: Pick<Channel, 'kind' | 'supervision'> | null,
  proposedKind: ChannelKind | null | undefined,
): boolean {
  return !!proposedKind && (proposedKind === 'BIP') !== (channel !== null && isBipChannel(channel));
}

/** a channel becomes BIP, or stops being BIP, only under the separate act, never by a service request. */
export function assertKindOutsideBip(
  channel: Pick<Channel, 'kind' | 'supervision'> | null,
  proposedKind: ChannelKind | null | undefined,
): void {
  if (!crossesBip(channel, proposedKind)) return;
  throw badInput(
    'A channel becomes BIP, or stops being BIP, only under the separate act on BIP, not by a service request to the editorial office (R-3.2): ' +
      'choose another kind or leave "proposedKind" out, and take BIP matters to the BIP admin.',
    'proposedKind',
  );
}

/** at decision time, also for requests filed before the rule: none about BIP, no approval that crosses into or out of it. */
export function assertDecidable(
  channel: Pick<Channel, 'kind' | 'supervision'>,
  request: Pick<ServiceRequest, 'proposedKind'>,
  decision: Decision,
): void {
  assertNotBip(channel, 'decide on BIP services', 'the unit head withdraws the request');
  if (decision === 'APPROVE' && crossesBip(channel, request.proposedKind)) {
    throw outsideBip(
      'approve a channel becoming BIP or leaving BIP',
      'reject the request, or the unit head withdraws it',
    );
  }
}
