/**
 * Who is calling, before any GraphQL work: a partner (its stage ran first), an account with a
 * bearer token verified here, or the public. A token that does not verify is answered by the
 * GraphQL layer with UNAUTHENTICATED (HTTP 401); nothing is served from a cache for it.
 */
import type { TokenVerifier } from '../../platform/auth';
import { header, type Stage } from '../pipeline';

export function identification(verifier: TokenVerifier): Stage {
  return async (exchange, next) => {
    if (exchange.client === 'partner') return next();
    const authorization = header(exchange, 'authorization');
    if (authorization !== undefined && authorization.trim() !== '') {
      exchange.client = 'account';
      try {
        exchange.claims = await verifier.verify(authorization);
      } catch (error) {
        exchange.credentialError = error;
      }
    }
    return next();
  };
}
