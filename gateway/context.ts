/** The gateway's per-request context: the caller's credentials, verified before any planning. */
import type { IncomingMessage } from 'node:http';
import type { Claims, TokenVerifier } from '../subgraphs/common/auth';

export interface GatewayContext {
  authorization?: string;
  claims: Claims | null;
}

export function gatewayContext(verifier: TokenVerifier) {
  return async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> => {
    const authorization = req.headers.authorization;
    // A bad token is refused here with UNAUTHENTICATED, before any subgraph is called.
    const claims = await verifier.verify(authorization);
    return { authorization, claims };
  };
}
