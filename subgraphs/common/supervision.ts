/**
 * BIP is part of MPI but supervised under a separate act, by the BIP admin; every
 * power of the editorial office (and the WKS Director's supervision) stops at it. These are the one
 * check every subgraph applies to an act that reaches a BIP channel, grant, document or account.
 */
import type { Caller } from './caller';
import { forbidden } from '../../platform/errors';

/** A channel as its owner (lifecycle) reports it. */
export interface Supervised {
  supervision: string;
}

export function isBip(channel: Supervised): boolean {
  return channel.supervision === 'BIP';
}

/** The refusal when the editorial office's act would reach BIP; `next` says what the person can do instead. */
export function outsideBip(act: string, next = 'that is for the BIP admin'): Error {
  return forbidden(
    `BIP is supervised under a separate act, not by the editorial office (R-3.2): it does not ${act}; ${next}.`,
  );
}

/** Refuses an act of the editorial office that reaches BIP. */
export function assertOutsideBip(reachesBip: boolean, act: string, next?: string): void {
  if (reachesBip) throw outsideBip(act, next);
}

/**
 * Who takes an act the order gives the editorial office (grants, R-5.2.4; suspensions, R-5.2.5):
 * the BIP admin when it reaches BIP, the editorial office otherwise, and nobody else.
 */
export function assertSupervises(caller: Caller, reachesBip: boolean, act: string): void {
  if (reachesBip) {
    if (caller.roles.has('BIP_ADMIN')) return;
    throw forbidden(
      `BIP is supervised under a separate act, not by the editorial office (R-3.2): only the BIP admin may ${act}, as it reaches BIP.`,
    );
  }
  if (caller.roles.has('EDITORIAL_OFFICE_MEMBER')) return;
  throw forbidden(`Only the editorial office may ${act}; the BIP admin acts only where BIP is reached (R-3.2).`);
}
