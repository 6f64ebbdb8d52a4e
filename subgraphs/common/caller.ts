/**
 * Who is calling, decided from live data on every request (no cache across requests), so a
 * suspension or a change of function takes effect on the very next call.
 * The account comes from its owner (access), the roles from theirs (organisation).
 */
import type { Claims } from '../../platform/auth';
import type { Peers } from '../../platform/peers';
import { CallerAccountDocument } from '../access/generated/peer-operations';
import { CallerPersonDocument } from '../organisation/generated/peer-operations';
import type { ServiceCredentials } from '../../platform/service-auth';

/** Roles that come from the organisation's data (functions held, unit headship, membership). */
export const ROLES = [
  'UNIT_HEAD',
  'EDITORIAL_OFFICE_MEMBER',
  'EDITOR_IN_CHIEF',
  'WKS_DIRECTOR',
  'DEPUTY_MAYOR',
  'SYSTEM_ADMINISTRATOR',
  'DPO',
  'BIP_ADMIN',
] as const;
export type Role = (typeof ROLES)[number];

/** How messages name the holder of each role. */
export const ROLE_NAMES: Record<Role, string> = {
  UNIT_HEAD: 'a unit head',
  EDITORIAL_OFFICE_MEMBER: 'the editorial office',
  EDITOR_IN_CHIEF: 'the editor-in-chief',
  WKS_DIRECTOR: 'the Director of WKS',
  DEPUTY_MAYOR: 'the Deputy Mayor for Social and Municipal Policy',
  SYSTEM_ADMINISTRATOR: 'the system administrator',
  DPO: 'the data protection officer',
  BIP_ADMIN: 'the BIP admin',
};

export type AccountStatus = 'ACTIVE' | 'SUSPENDED';

export interface AccountFacts {
  id: string;
  status: AccountStatus;
  personId: string;
}

/** A designation as responsible for publishing that is in force now. */
export interface DesignationInForce {
  id: string;
  unitId: string;
  /** Empty: every channel. */
  channelIds: string[];
}

export interface PersonFacts {
  unitId: string | null;
  roles: Role[];
  /** Units this person heads. */
  headOf: string[];
  /** The person's designations in force (grants rest on them). */
  designations: DesignationInForce[];
}

export interface AccountDirectory {
  byLogin(login: string, authorization: string | undefined): Promise<AccountFacts | null>;
}

export interface PersonDirectory {
  facts(personId: string, authorization: string | undefined): Promise<PersonFacts | null>;
}

export interface Caller {
  login: string;
  accountId: string;
  personId: string;
  status: AccountStatus;
  unitId: string | null;
  roles: ReadonlySet<Role>;
  headOf: readonly string[];
  designations: readonly DesignationInForce[];
}

export async function resolveCaller(
  claims: Claims | null,
  authorization: string | undefined,
  accounts: AccountDirectory,
  people: PersonDirectory,
): Promise<Caller | null> {
  if (!claims) return null;
  const account = await accounts.byLogin(claims.login, authorization);
  if (!account) return null;
  const person = await people.facts(account.personId, authorization);
  return {
    login: claims.login,
    accountId: account.id,
    personId: account.personId,
    status: account.status,
    unitId: person?.unitId ?? null,
    roles: new Set(person?.roles ?? []),
    headOf: person?.headOf ?? [],
    designations: person?.designations ?? [],
  };
}

/** Asks the access subgraph for the caller's account. */
export function remoteAccounts(peers: Peers): AccountDirectory {
  return {
    async byLogin(_login, authorization) {
      const { viewer } = await peers.send('access', CallerAccountDocument, {}, { authorization });
      // Every account is some person's (access: Account.person is nullable only as a reference may be).
      return viewer ? { id: viewer.id, status: viewer.status, personId: viewer.person!.id } : null;
    },
  };
}

/**
 * Asks the organisation subgraph for a person's unit, functions, headships and designations in force.
 * It asks on the platform's own account: the token was verified and the account found, and
 * organisation would otherwise have to work out the same caller again to serve its designations.
 */
export function remotePeople(peers: Peers, credentials: ServiceCredentials): PersonDirectory {
  return {
    async facts(personId) {
      const data = await peers.send(
        'organisation',
        CallerPersonDocument,
        { id: personId },
        { service: await credentials.token() },
      );
      if (!data.person) return null;
      return {
        unitId: data.person.unit?.id ?? null,
        roles: data.person.roles,
        headOf: data.person.headOf.map((unit) => unit.id),
        // A list left null comes only with an error, which Peers has thrown already.
        designations: (data.person.designations?.nodes ?? []).map((d) => ({
          id: d.id,
          unitId: d.unit.id,
          channelIds: (d.channels ?? []).map((c) => c.id),
        })),
      };
    },
  };
}
