/**
 * The caller, worked out once per request and passed on (ARCHITECTURE.md, "The front door"): the
 * first subgraph that resolves the caller from live data (account, person, roles, suspension) signs
 * what it found with the internal secret, for this request only: the token names the request id and
 * a hash of the bearer token it was worked out for, and lives 30 seconds. Whoever receives it with
 * the same request id and bearer token uses it instead of asking access and organisation again.
 * A forged, expired or replayed context (another request, another token) is refused with 401.
 */
import crypto from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Caller, DesignationInForce, Role } from '../subgraphs/common/caller';
import { badCredentials } from './errors';

export const CALLER_HEADER = 'x-mpi-caller';
const AUDIENCE = 'mpi-caller';
const LIFETIME_SECONDS = 30;

const tokenHash = (authorization: string) =>
  crypto.createHash('sha256').update(authorization).digest('base64url').slice(0, 32);

interface CallerClaims {
  acc: string;
  per: string;
  st: Caller['status'];
  unit: string | null;
  roles: Role[];
  heads: string[];
  des: DesignationInForce[];
  rid: string;
  th: string;
}

export async function signCaller(
  secret: Uint8Array,
  caller: Caller,
  requestId: string,
  authorization: string,
): Promise<string> {
  const claims: CallerClaims = {
    acc: caller.accountId,
    per: caller.personId,
    st: caller.status,
    unit: caller.unitId,
    roles: [...caller.roles],
    heads: [...caller.headOf],
    des: [...caller.designations],
    rid: requestId,
    th: tokenHash(authorization),
  };
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(caller.login)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + LIFETIME_SECONDS)
    .sign(secret);
}

/** The caller a context names, if it was signed for this very request and bearer token; throws 401 otherwise. */
export async function verifyCaller(
  secret: Uint8Array,
  token: string,
  expected: { requestId: string; authorization: string; login: string },
): Promise<Caller> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secret, { audience: AUDIENCE, algorithms: ['HS256'] }));
  } catch {
    throw badCredentials('The caller context is not valid (forged or expired).');
  }
  const claims = payload as unknown as CallerClaims & { sub?: string };
  if (
    claims.rid !== expected.requestId ||
    claims.th !== tokenHash(expected.authorization) ||
    claims.sub !== expected.login
  ) {
    throw badCredentials('The caller context was made for another request.');
  }
  return {
    login: claims.sub,
    accountId: claims.acc,
    personId: claims.per,
    status: claims.st,
    unitId: claims.unit,
    roles: new Set(claims.roles),
    headOf: claims.heads,
    designations: claims.des,
  };
}
