/**
 * Accounts (Sezam users) in MPI: registered for a person, suspended and reactivated by the
 * editorial office. A suspension takes effect on the account's very next request,
 * because every subgraph reads the status live.
 */
import crypto from 'node:crypto';
import { IsNull, Not, type DataSource } from 'typeorm';
import { auditRecord } from '../../common/audit';
import type { AccountStatus, Caller } from '../../common/caller';
import { isUniqueViolation } from '../../common/database';
import { badInput, conflict, notFound } from '../../../platform/errors';
import type { Peers } from '../../../platform/peers';
import { isBip } from '../../common/supervision';
import { inTransaction } from '../../common/transaction';
import { Account } from '../entities/account';
import { Grant } from '../entities/grant';
import { appendAudit } from './audit-log';
import type { Asker } from './grants';
import { recordRefusal } from './in-force';
import { assertRegistersAccounts, assertSuspendsAccount } from './oversight';
import { channelsFacts, personExists, rolesOf } from './owners';

const LOGIN = /^[a-z0-9][a-z0-9._-]{2,99}$/;

export async function registerAccount(
  db: DataSource,
  peers: Peers,
  caller: Caller,
  authorization: string | undefined,
  input: { login: string; personId: string },
): Promise<Account> {
  assertRegistersAccounts(caller);
  const login = input.login.trim().toLowerCase();
  if (!LOGIN.test(login))
    throw badInput('"login" must be the Sezam login: 3-100 of a-z, 0-9, ".", "_" or "-".', 'login');
  if (!(await personExists(peers, input.personId, authorization)))
    throw notFound(`No person with id ${input.personId}.`);
  try {
    return await inTransaction(db, async (tx) => {
      const accounts = tx.getRepository(Account);
      if (await accounts.existsBy({ login })) throw conflict(`The login "${login}" is already registered.`);
      if (await accounts.existsBy({ personId: input.personId }))
        throw conflict('This person already has an MPI account.');
      const account = accounts.create({
        id: crypto.randomUUID(),
        login,
        personId: input.personId,
        status: 'ACTIVE',
        statusChangedAt: null,
        statusReason: null,
        createdAt: new Date(),
      });
      await accounts.insert(account);
      await appendAudit(
        tx,
        auditRecord('access', caller, 'ACCOUNT_REGISTERED', { type: 'Account', id: account.id }, null, {
          login,
          personId: input.personId,
        }),
      );
      return account;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The login "${login}" or this person is already registered.`);
    throw error;
  }
}

/** an account reaches BIP when its holder is the BIP admin or it holds a grant on a BIP channel. */
export async function accountReachesBip(db: DataSource, asker: Asker, account: Account): Promise<boolean> {
  if ((await rolesOf(asker.peers, account.personId, asker.authorization, asker.service)).includes('BIP_ADMIN'))
    return true;
  const grants = await db
    .getRepository(Grant)
    .findBy({ accountId: account.id, revokedAt: IsNull(), channelId: Not(IsNull()) });
  const channelIds = [...new Set(grants.filter((g) => !recordRefusal(g)).map((g) => g.channelId as string))];
  return (await channelsFacts(asker.peers, channelIds, asker.authorization, asker.service)).some(
    (channel) => channel !== null && isBip(channel),
  );
}

/** The one check before an account is suspended or reactivated, directly or by an incident. */
export async function assertMayChangeStatus(
  db: DataSource,
  asker: Asker,
  caller: Caller,
  account: Account,
): Promise<void> {
  assertSuspendsAccount(caller, await accountReachesBip(db, asker, account));
}

export async function changeAccountStatus(
  db: DataSource,
  asker: Asker,
  caller: Caller,
  id: string,
  to: AccountStatus,
  reason: string,
): Promise<Account> {
  // Only the editorial office and the BIP admin act on accounts: anyone else is refused before anything is looked up.
  if (!caller.roles.has('BIP_ADMIN')) assertSuspendsAccount(caller, false);
  const why = reason.trim();
  if (!why) throw badInput('Give a reason: it goes to the audit log.', 'reason');
  const account = await db.getRepository(Account).findOneBy({ id });
  if (!account) throw notFound(`No account with id ${id}.`);
  await assertMayChangeStatus(db, asker, caller, account);
  if (account.status === to) throw conflict(`The account is already ${to === 'SUSPENDED' ? 'suspended' : 'active'}.`);
  if (to === 'SUSPENDED' && account.id === caller.accountId) throw conflict('You cannot suspend your own account.');
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const result = await tx
      .getRepository(Account)
      .update({ id, status: account.status }, { status: to, statusChangedAt: now, statusReason: why });
    if (result.affected === 0) throw conflict('The account changed at the same moment; reload and try again.');
    const action = to === 'SUSPENDED' ? 'ACCOUNT_SUSPENDED' : 'ACCOUNT_REACTIVATED';
    await appendAudit(
      tx,
      auditRecord('access', caller, action, { type: 'Account', id }, why, { login: account.login }),
    );
    return Object.assign(account, { status: to, statusChangedAt: now, statusReason: why });
  });
}
