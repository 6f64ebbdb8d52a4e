/**
 * Field usage (issue 14, gateway/field-usage.ts): each operation answered counts, for its client, the schema
 * coordinates it selects. The client is the partner whose key was presented, else the frontend that names itself
 * as Apollo's clients do (`apollographql-client-name`, `apollographql-client-version`), else anonymous. It stands
 * outside the response cache, so a cached answer counts as much as an executed one.
 */
import crypto from 'node:crypto';
import type { ApiClient, FieldUsage } from '../field-usage';
import { header, type Exchange, type Stage } from '../pipeline';
import { operationOf } from './response-cache';

const ANONYMOUS: ApiClient = { kind: 'ANONYMOUS', name: '', version: '' };
const APQ_HASH = /^[0-9a-f]{64}$/;

/** A header a client chose: printable, trimmed, at most `max` characters; empty when there is nothing left. */
function named(value: string | undefined, max: number): string {
  return (value ?? '')
    .replace(/[^\p{L}\p{N} ._\-@/:+()#]/gu, '')
    .trim()
    .slice(0, max);
}

export function clientOf(exchange: Exchange): ApiClient {
  if (exchange.partner) return { kind: 'PARTNER', name: exchange.partner.id, version: '' };
  const name = named(header(exchange, 'apollographql-client-name'), 100);
  if (!name) return ANONYMOUS;
  return { kind: 'FRONTEND', name, version: named(header(exchange, 'apollographql-client-version'), 50) };
}

/** The coordinates of an answer the response cache served: Apollo never saw the request. */
async function cachedCoordinates(exchange: Exchange, usage: FieldUsage): Promise<string[] | undefined> {
  const operation = operationOf(exchange);
  if (!operation) return undefined;
  const name = typeof operation.operationName === 'string' ? operation.operationName : undefined;
  if (typeof operation.query === 'string') {
    return usage.coordinatesOfCached(
      crypto.createHash('sha256').update(operation.query).digest('hex'),
      name,
      operation.query,
    );
  }
  const hash = operation.extensions?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' && APQ_HASH.test(hash) ? usage.coordinatesOfCached(hash, name, undefined) : undefined;
}

export function fieldUsage(usage: FieldUsage): Stage {
  return async (exchange, next) => {
    const answer = await next();
    const cached = answer.headers['x-mpi-cache'] === 'HIT';
    const coordinates = cached ? await cachedCoordinates(exchange, usage) : exchange.coordinates;
    if (coordinates?.length) usage.count(clientOf(exchange), coordinates);
    return answer;
  };
}
