/**
 * Credentials one subgraph presents to another when it acts on its own account rather than a
 * caller's (e.g. delivering audit entries from its outbox). Short-lived HS256 tokens over a secret
 * the subgraphs share: INTERNAL_SECRET in production, a generated file in the embedded default.
 * They travel in their own header, never as a user's bearer token.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import type { PlatformConfig, SubgraphName } from './config';

/** Who may call on its own account: a subgraph, or the gateway. */
export type ServiceName = SubgraphName | 'gateway';
import { badCredentials } from './errors';
import { readOrCreate } from './key-files';

export const SERVICE_HEADER = 'x-mpi-service';
const AUDIENCE = 'mpi-internal';
const LIFETIME_SECONDS = 300;

export interface ServiceCredentials {
  /** A token naming this subgraph, reused until shortly before it expires. */
  token(): Promise<string>;
  /** The subgraph that sent `token`; `null` when there is none; throws for a bad one. */
  verify(token: string | undefined): Promise<ServiceName | null>;
}

const secrets = new Map<string, Promise<Uint8Array>>();

/** The platform's internal secret: INTERNAL_SECRET, or a generated file in the embedded default. */
export function internalSecret(config: PlatformConfig): Promise<Uint8Array> {
  const source = config.internalSecret ?? `file:${config.dataDir}`;
  let secret = secrets.get(source);
  if (!secret) {
    secret = (async () => {
      const text =
        config.internalSecret ??
        (await readOrCreate(path.join(config.dataDir, 'keys', 'internal-secret'), async () =>
          crypto.randomBytes(32).toString('hex'),
        ));
      return new TextEncoder().encode(text);
    })();
    secret.catch(() => secrets.delete(source));
    secrets.set(source, secret);
  }
  return secret;
}

export function serviceCredentials(config: PlatformConfig, self: ServiceName): ServiceCredentials {
  let cached: { token: string; renewAt: number } | undefined;
  return {
    async token() {
      if (cached && cached.renewAt > Date.now()) return cached.token;
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(`service:${self}`)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + LIFETIME_SECONDS)
        .sign(await internalSecret(config));
      cached = { token, renewAt: Date.now() + (LIFETIME_SECONDS - 60) * 1000 };
      return token;
    },
    async verify(token) {
      if (!token) return null;
      try {
        const { payload } = await jwtVerify(token, await internalSecret(config), {
          audience: AUDIENCE,
          algorithms: ['HS256'],
        });
        const name = String(payload.sub ?? '').replace(/^service:/, '');
        return name as ServiceName;
      } catch {
        throw badCredentials('The service credentials are not valid.');
      }
    },
  };
}
