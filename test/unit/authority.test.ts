/**
 * Issue 13: who may act, as plain functions, tested without a platform or a database
 * (subgraphs/common/authority.ts). Deny by default; the refusal names who may.
 */
import { assertHeadOf, assertHolds, holdsAny, namesOf } from '../../subgraphs/common/authority';
import type { Caller, Role } from '../../subgraphs/common/caller';

const caller = (roles: Role[], headOf: string[] = []): Caller => ({
  login: 'jan.kowalski',
  accountId: 'a1',
  personId: 'p1',
  status: 'ACTIVE',
  unitId: 'u1',
  roles: new Set(roles),
  headOf,
  designations: [],
});

test('R-5.2 a role the act names lets the caller act; any other is refused, naming who may', () => {
  expect(() =>
    assertHolds(caller(['EDITORIAL_OFFICE_MEMBER']), 'EDITORIAL_OFFICE_MEMBER', 'open incidents'),
  ).not.toThrow();
  expect(() => assertHolds(caller(['DPO']), 'EDITORIAL_OFFICE_MEMBER', 'open incidents')).toThrow(
    'Only the editorial office may open incidents.',
  );
  expect(() =>
    assertHolds(caller([]), ['EDITORIAL_OFFICE_MEMBER', 'SYSTEM_ADMINISTRATOR', 'DPO'], 'read incidents'),
  ).toThrow('Only the editorial office, the system administrator or the data protection officer may read incidents.');
});

test('deny by default: no roles, no act; the refusal is FORBIDDEN', () => {
  try {
    assertHolds(caller([]), 'WKS_DIRECTOR', 'submit the annual report');
    throw new Error('not refused');
  } catch (error) {
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('FORBIDDEN');
  }
  expect(holdsAny(caller([]), ['WKS_DIRECTOR', 'DEPUTY_MAYOR'])).toBe(false);
  expect(holdsAny(caller(['DEPUTY_MAYOR']), ['WKS_DIRECTOR', 'DEPUTY_MAYOR'])).toBe(true);
});

test('R-4.2 only the head of a unit acts for it', () => {
  expect(() => assertHeadOf(caller(['UNIT_HEAD'], ['u1']), 'u1', 'issue its orders')).not.toThrow();
  expect(() => assertHeadOf(caller(['UNIT_HEAD'], ['u2']), 'u1', 'issue its orders')).toThrow(
    'Only the head of the unit may issue its orders.',
  );
});

test('names of roles read as a sentence', () => {
  expect(namesOf('BIP_ADMIN')).toBe('the BIP admin');
  expect(namesOf(['WKS_DIRECTOR', 'DEPUTY_MAYOR'])).toBe(
    'the Director of WKS or the Deputy Mayor for Social and Municipal Policy',
  );
});
