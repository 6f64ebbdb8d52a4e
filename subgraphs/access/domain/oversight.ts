/**
 * Who may read and change accounts and grants. Deny by default: each rule names the roles that may.
 * the editorial office grants and revokes permissions: it has no power over BIP,
 * where the BIP admin grants: the system administrator and the DPO investigate incidents.
 */
import type { Caller, Role } from '../../common/caller';
import { forbidden } from '../../../platform/errors';
import { assertSupervises, isBip } from '../../common/supervision';
import type { ChannelFacts } from './owners';

const OVERSEERS: readonly Role[] = ['EDITORIAL_OFFICE_MEMBER', 'BIP_ADMIN', 'SYSTEM_ADMINISTRATOR', 'DPO'];

export function overseesAccess(caller: Caller): boolean {
  return OVERSEERS.some((role) => caller.roles.has(role));
}

export function mayReadGrantsOfAccount(caller: Caller, accountId: string): boolean {
  return caller.accountId === accountId || overseesAccess(caller);
}

export function mayReadGrantsOfUnit(caller: Caller, unitId: string): boolean {
  return caller.headOf.includes(unitId) || overseesAccess(caller);
}

export const mayReadGrantsOfChannel = overseesAccess;
export const mayListAccounts = overseesAccess;

/** R-T.3: the audit log is read by the editorial office and the DPO. */
export function assertReadsAudit(caller: Caller): void {
  if (!caller.roles.has('EDITORIAL_OFFICE_MEMBER') && !caller.roles.has('DPO')) {
    throw forbidden('Only the editorial office and the data protection officer may read the audit log.');
  }
}

/** Registering a Sezam user in MPI: the editorial office, or the system administrator who runs Sezam. */
export function assertRegistersAccounts(caller: Caller): void {
  if (!caller.roles.has('EDITORIAL_OFFICE_MEMBER') && !caller.roles.has('SYSTEM_ADMINISTRATOR')) {
    throw forbidden('Only the editorial office or the system administrator may register accounts.');
  }
}

/**
 * suspending and reactivating accounts is a protective power of the editorial
 * office, except for an account that reaches BIP (its holder is the BIP admin, or it holds a grant on
 * BIP): that one is the BIP admin's, whether the act comes directly or with an incident.
 */
export function assertSuspendsAccount(caller: Caller, reachesBip: boolean): void {
  assertSupervises(caller, reachesBip, 'suspend or reactivate this account');
}

/** grants on BIP channels are the BIP admin's; every other grant is the editorial office's. */
export function assertManagesGrantsOn(caller: Caller, channel: ChannelFacts | null): void {
  assertSupervises(caller, channel ? isBip(channel) : false, 'grant or revoke this permission');
}
