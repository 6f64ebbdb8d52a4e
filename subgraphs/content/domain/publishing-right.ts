/**
 * Before any publishing act the content subgraph asks access's publishing check, which asks the
 * channel first (live, R-4.5; not frozen, R-5.2.5) and then the grants: the act refuses
 * with the very answer `publishingRight` gives, for the same reason. A person's request asks with
 * the person's own credentials; the scheduler asks with the subgraph's service credentials.
 */
import type { Caller } from '../../common/caller';
import { forbidden } from '../../../platform/errors';
import type { Asker } from '../../../platform/peers';
import { PublishingRightDocument, PublishingRightOfDocument } from '../../access/generated/peer-operations';

export type { Asker } from '../../../platform/peers';

/** Why `accountId` may not publish for the unit on the channel now; null when it may (NOT_FOUND for no such channel). */
export async function publishingRefusal(
  asker: Asker,
  accountId: string | null,
  scope: { unitId: string; channelId: string },
): Promise<string | null> {
  const right = asker.service
    ? (
        await asker.peers.send(
          'access',
          PublishingRightOfDocument,
          { accountId: accountId!, ...scope },
          { service: asker.service },
        )
      ).publishingRightOf
    : (await asker.peers.send('access', PublishingRightDocument, scope, { authorization: asker.authorization }))
        .publishingRight!;
  return right.allowed
    ? null
    : (right.reason ?? 'You hold no PUBLISH grant in force for this unit on this channel (R-5.2.4).');
}

/**
 * Refuses the act with the reason, addressed to the person who tried it: access's reasons speak to
 * "you" (or of the channel), so the sentence before them does too, never "anna.kowalczyk may not… You hold…".
 */
export async function assertMayPublish(
  asker: Asker,
  caller: Caller,
  scope: { unitId: string; channelId: string },
): Promise<void> {
  const refusal = await publishingRefusal(asker, caller.accountId, scope);
  if (refusal) throw refusedToPublish(refusal);
}

export const refusedToPublishMessage = (refusal: string) => `You may not publish here. ${refusal}`;
export const refusedToPublish = (refusal: string) => forbidden(refusedToPublishMessage(refusal));
