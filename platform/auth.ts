/**
 * Bearer-token verification (jose). In production tokens come from Sezam and are verified
 * against its JWKS URL; in the embedded default they are signed with a local key that is
 * generated on first start under DATA_DIR/keys and issued by `npm run token`.
 * The gateway and every subgraph verify tokens themselves: none trusts the network.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  errors as joseErrors,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import type { PlatformConfig } from './config';
import { badCredentials } from './errors';
import { readOrCreate } from './key-files';

const ALGORITHM = 'ES256';

export interface Claims {
  /** The Sezam login of the account. */
  login: string;
}

export interface TokenVerifier {
  /** `null` for an anonymous request; throws UNAUTHENTICATED for a token that does not verify. */
  verify(authorization: string | undefined): Promise<Claims | null>;
}

interface LocalKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The embedded default's signing key, made once per DATA_DIR and shared by all processes. */
export async function localSigningKey(dataDir: string): Promise<LocalKey> {
  const file = path.join(dataDir, 'keys', 'jwt-signing-key.json');
  const text = await readOrCreate(file, async () => {
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    return JSON.stringify({ ...(await exportJWK(privateKey)), kid: crypto.randomUUID(), alg: ALGORITHM });
  });
  const privateJwk = JSON.parse(text) as JWK & { kid: string };
  const { d: _secret, ...publicJwk } = privateJwk;
  return { kid: privateJwk.kid, privateJwk, publicJwk };
}

export async function createTokenVerifier(config: PlatformConfig): Promise<TokenVerifier> {
  let keys: JWTVerifyGetKey;
  if (config.jwt.jwksUrl) {
    keys = createRemoteJWKSet(config.jwt.jwksUrl);
  } else {
    const { publicJwk } = await localSigningKey(config.dataDir);
    keys = createLocalJWKSet({ keys: [publicJwk] });
  }
  return {
    async verify(authorization) {
      if (authorization === undefined || authorization.trim() === '') return null;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw badCredentials('The Authorization header must be "Bearer <token>".');
      try {
        const { payload } = await jwtVerify(match[1], keys, {
          issuer: config.jwt.issuer,
          audience: config.jwt.audience,
        });
        // A token that never expires, or lives longer than the platform allows, is refused (a leaked one would work for ever).
        const now = Math.floor(Date.now() / 1000);
        const maxLifetime = config.jwt.maxLifetimeSeconds;
        if (typeof payload.exp !== 'number')
          throw badCredentials('The token has no expiry ("exp"); ask Sezam for a token that expires.');
        if (payload.exp - now > maxLifetime || (typeof payload.iat === 'number' && now - payload.iat > maxLifetime)) {
          throw badCredentials(
            `The token is valid for longer than the platform allows (${Math.round(maxLifetime / 3600)} h); sign in again.`,
          );
        }
        if (typeof payload.sub !== 'string' || payload.sub === '') {
          throw badCredentials('The token names no account (claim "sub" is missing).');
        }
        return { login: payload.sub };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw badCredentials('The token has expired; sign in again.');
        if (error instanceof joseErrors.JOSEError) throw badCredentials('The token is not valid for this platform.');
        throw error;
      }
    },
  };
}

/** Signs a token with the local key (embedded default and tests only). */
export async function issueLocalToken(config: PlatformConfig, login: string, ttlSeconds = 8 * 3600): Promise<string> {
  const { kid, privateJwk } = await localSigningKey(config.dataDir);
  const key = await importJWK(privateJwk, ALGORITHM);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, kid })
    .setSubject(login)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}
