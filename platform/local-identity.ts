/**
 * Production mode on one machine (`npm run start:production-local`): a stand-in for Sezam that
 * serves the local signing key (DATA_DIR/keys, the one `npm run token` signs with) as a JWKS on
 * loopback, so the platform runs exactly as in production — tokens verified against a JWKS URL,
 * INTERNAL_SECRET set, errors masked — and an operator can still get tokens. Never for a real
 * deployment: whoever can read DATA_DIR can sign for any account.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { localSigningKey } from './auth';

export const JWKS_PATH = '/.well-known/jwks.json';

export interface LocalIdentity {
  jwksUrl: string;
  stop(): Promise<void>;
}

/** Serves the local key's public half at http://host:port/.well-known/jwks.json. */
export async function serveLocalJwks(dataDir: string, host: string, port: number): Promise<LocalIdentity> {
  const { publicJwk } = await localSigningKey(dataDir);
  const body = JSON.stringify({ keys: [{ ...publicJwk, use: 'sig' }] });
  const server = http.createServer((req, res) => {
    if (req.url !== JWKS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: the JWKS is at ${JWKS_PATH}.`);
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
      .end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    jwksUrl: `http://${host}:${address.port}${JWKS_PATH}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Whether the JWKS at `url` holds the local key, so that a token signed with it will be accepted there. */
export async function jwksHoldsLocalKey(url: URL, dataDir: string): Promise<boolean> {
  const { kid } = await localSigningKey(dataDir);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) return false;
    const { keys } = (await response.json()) as { keys?: { kid?: string }[] };
    return Array.isArray(keys) && keys.some((key) => key.kid === kid);
  } catch {
    return false;
  }
}
