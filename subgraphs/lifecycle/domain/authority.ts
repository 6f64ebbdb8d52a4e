/**
 * Who may act in the lifecycle of MPI. Deny by default: each act names who may take it.
 * unit heads notify intended services and changes: the editorial
 * office decides, owns the map and the visual rules, supervises assistance: none of this
 * reaches BIP: the Director of WKS submits the report and the Deputy Mayor approves it.
 */
import type { Caller, Role } from '../../common/caller';
import { forbidden } from '../../common/errors';
import type { Channel } from '../entities/channel';

export function assertHolds(caller: Caller, role: Role, act: string): void {
  if (!caller.roles.has(role)) throw forbidden(`Only ${ROLE_NAMES[role]} may ${act}.`);
}

const ROLE_NAMES: Record<Role, string> = {
  UNIT_HEAD: 'a unit head',
  EDITORIAL_OFFICE_MEMBER: 'the editorial office',
  EDITOR_IN_CHIEF: 'the editor-in-chief',
  WKS_DIRECTOR: 'the Director of WKS',
  DEPUTY_MAYOR: 'the Deputy Mayor for Social and Municipal Policy',
  SYSTEM_ADMINISTRATOR: 'the system administrator',
  DPO: 'the data protection officer',
  BIP_ADMIN: 'the BIP admin',
};

export function assertHeads(caller: Caller, unitId: string, act: string): void {
  if (!caller.headOf.includes(unitId)) throw forbidden(`Only the head of the unit may ${act}.`);
}

/** the editorial office's powers stop at BIP. */
export function assertNotBip(channel: Channel, act: string): void {
  if (channel.supervision === 'BIP') throw forbidden(`BIP is supervised under a separate act: the editorial office does not ${act} there (R-3.2).`);
}
