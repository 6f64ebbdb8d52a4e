/**
 * Who may read accounts and grants. Deny by default: each rule names the roles that may.
 * the editorial office manages grants: the BIP admin does so for BIP;
 * the system administrator and the DPO investigate incidents and need to see them.
 */
import type { Caller, Role } from '../../common/caller';

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
