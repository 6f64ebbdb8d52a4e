/**
 * The outbox deliveries of incidents: remote protective actions to the owners of channels and
 * documents (on the platform's service credentials, naming the person whose act each one is), and
 * reports to the system administrator and the DPO by webhook. Each message is retried with back-off
 * until confirmed; receivers get the message id as `Idempotency-Key`, so a repeated delivery is
 * recognised as the same report. Issue 12: an action queued while its target could not be checked is checked first;
 * an owner that cannot be reached is retried, a check that fails (no such target, or BIP, R-3.2) refuses the action.
 */
import { In } from 'typeorm';
import { DomainError, ErrorCode } from '../../../platform/errors';
import type { OutboxHandler } from '../../common/outbox';
import { PeerUnreachable, type Peers } from '../../../platform/peers';
import { RestoreTakenDownDocumentsDocument, TakeDownDocumentsDocument } from '../../content/generated/peer-operations';
import { FreezeChannelsDocument, UnfreezeChannelsDocument } from '../../lifecycle/generated/peer-operations';
import type { OutboxDeps } from '../../common/server';
import { Account } from '../entities/account';
import { accountReachesBip } from './accounts';
import type { Asker } from './grants';
import {
  assertChannelsFreezable,
  assertDocumentsTakeable,
  assertGrantsOutsideBip,
  confirmRemote,
  refuseAction,
  type ActionCheck,
  type RemoteAction,
} from './incidents';

/**
 * The owner's act for each action, taken or lifted. R-T.3: whose act it is (who opened the incident, or lifted the
 * action), as each owner takes it: both name the account in their audit entry; content also names the person in its
 * change register (R-T.2).
 */
function remoteCall(peers: Peers, action: RemoteAction, service: string): Promise<unknown> {
  // A message queued before actors were passed along names nobody, as it did then.
  const { accountId = null, login = null, personId = null } = action.actor ?? {};
  const act = { ids: [action.targetId], incidentId: action.incidentId, accountId, login };
  if (action.kind === 'FREEZE_CHANNEL') {
    if (action.lift) return peers.send('lifecycle', UnfreezeChannelsDocument, act, { service });
    return peers.send('lifecycle', FreezeChannelsDocument, act, { service });
  }
  if (action.lift) return peers.send('content', RestoreTakenDownDocumentsDocument, { ...act, personId }, { service });
  return peers.send('content', TakeDownDocumentsDocument, { ...act, personId }, { service });
}

export function protectiveActionDelivery({ db, peers, credentials, log }: OutboxDeps): OutboxHandler {
  return async (messages) => {
    const delivered: string[] = [];
    let failure: unknown;
    for (const message of messages) {
      const action = JSON.parse(message.payload) as RemoteAction;
      try {
        const service = await credentials.token();
        if (action.checked === false && !action.lift) {
          const asker: Asker = { peers, service };
          if (action.kind === 'FREEZE_CHANNEL') await assertChannelsFreezable(asker, [action.targetId]);
          else await assertDocumentsTakeable(asker, [action.targetId]);
        }
        await remoteCall(peers, action, service);
        await confirmRemote(db, [action]);
        delivered.push(message.id);
      } catch (error) {
        if (isRefusal(error)) {
          await refuseAction(db, action.actionId, error.message);
          delivered.push(message.id);
        } else {
          failure = error;
          log.warn({ err: error, actionId: action.actionId }, 'protective action not confirmed yet; will retry');
        }
      }
    }
    // Nothing went through: the reason is recorded on the messages (and shown on the actions).
    if (delivered.length === 0 && failure) throw failure;
    return delivered;
  };
}

/** The owner's answer that the action cannot be: the target does not exist or is outside the editorial office's reach. */
function isRefusal(error: unknown): error is DomainError {
  if (!(error instanceof DomainError) || error instanceof PeerUnreachable) return false;
  return (
    error.extensions.code === ErrorCode.NOT_FOUND ||
    (error.extensions.code === ErrorCode.FORBIDDEN && /BIP/.test(error.message))
  );
}

/** issue 12: suspensions and revocations taken while their BIP check could not be made, checked now. */
export function actionCheckDelivery({ db, peers, credentials, log }: OutboxDeps): OutboxHandler {
  return async (messages) => {
    const delivered: string[] = [];
    for (const message of messages) {
      const check = JSON.parse(message.payload) as ActionCheck;
      try {
        const asker: Asker = { peers, service: await credentials.token() };
        if (check.kind === 'REVOKE_GRANT') await assertGrantsOutsideBip(db, asker, [check.targetId]);
        else {
          const [account] = await db.getRepository(Account).findBy({ id: In([check.targetId]) });
          if (account && (await accountReachesBip(db, asker, account))) {
            throw new DomainError(
              ErrorCode.FORBIDDEN,
              "The account reaches BIP (R-3.2): its suspension is not the editorial office's.",
            );
          }
        }
        delivered.push(message.id);
      } catch (error) {
        if (isRefusal(error)) {
          await refuseAction(db, check.actionId, error.message);
          delivered.push(message.id);
        } else log.warn({ err: error, actionId: check.actionId }, 'protective action not checked yet; will retry');
      }
    }
    return delivered;
  };
}

export function notificationDelivery({ config }: OutboxDeps): OutboxHandler {
  return async (messages) => {
    const url = config.incidentWebhookUrl;
    if (!url)
      throw new Error('INCIDENT_WEBHOOK_URL is not configured: incident reports wait in the outbox until it is.');
    const delivered: string[] = [];
    let failure: unknown;
    for (const message of messages) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
          body: message.payload,
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) delivered.push(message.id);
        else failure = new Error(`the receiver answered HTTP ${response.status}`);
      } catch (error) {
        failure = error;
      }
    }
    if (delivered.length === 0 && failure) throw failure;
    return delivered;
  };
}
