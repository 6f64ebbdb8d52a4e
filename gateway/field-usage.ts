/**
 * Field usage (issue 14): which schema coordinates (`Type.field`) each client's operations use, and how often, per
 * day. The coordinates of an operation are worked out once per distinct operation (its query hash and name, kept in
 * an LRU until the supergraph changes), from the document Apollo Server has already parsed and validated; each
 * request then adds 1 to a counter per (day, client, coordinate) in memory. Every FIELD_USAGE_FLUSH_INTERVAL_MS, and
 * at stop, the counts go to the access subgraph, which adds them up (so gateway replicas keep nothing to share).
 * The stage that counts is gateway/stages/field-usage.ts.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { operationCoordinates } from '../platform/schema-coordinates';
import type { Logger } from '../platform/logger';
import { RecordFieldUsageDocument } from '../subgraphs/access/generated/peer-operations';
import type { Peers } from '../platform/peers';
import type { ServiceCredentials } from '../platform/service-auth';
import type { GatewayContext } from './context';
import { PendingCounts } from './pending-counts';

/** Who sent an operation: a partner (by id), a frontend (by its apollographql-client-* headers) or neither. */
export interface ApiClient {
  kind: 'PARTNER' | 'FRONTEND' | 'ANONYMOUS';
  /** The partner's id or the frontend's name; empty for an anonymous client. */
  name: string;
  /** The frontend's version; empty when it sent none. */
  version: string;
}

/** One counter as sent to the access subgraph (recordFieldUsage). */
export interface FieldUsageEntry {
  day: string;
  clientKind: ApiClient['kind'];
  clientName: string;
  clientVersion: string;
  coordinate: string;
  count: number;
}

/** Distinct clients counted between two flushes; past it, new client names count as "(other)" (names are free text). */
const MAX_CLIENTS = 1000;
/** Entries per recordFieldUsage call. */
const BATCH = 1000;
/** The client key past MAX_CLIENTS: kind, name, version. */
const OTHER = 'FRONTEND\n(other)\n';

export class FieldUsage {
  private readonly counts: PendingCounts<FieldUsageEntry>;
  /** The clients counted since the last flush. */
  private clients = new Set<string>();
  /** Operations counted since the last flush: by the list of their fields (one per operation), per day and client. */
  private operationsCounted = new Map<readonly string[], Map<string, number>>();
  /** Coordinates by operation (`queryHash`, operation name), for the supergraph loaded now. */
  private readonly operations = new LRUCache<string, string[]>({ max: 5000 });
  /** The same lists, by their fields. */
  private readonly lists = new LRUCache<string, string[]>({ max: 5000 });
  private schema?: GraphQLSchema;

  constructor(
    peers: Peers,
    credentials: ServiceCredentials,
    log: Logger,
    /** The text of an APQ hash from the shared APQ store, for a cached answer this replica never executed. */
    private readonly apqText?: (hash: string) => Promise<string | undefined>,
  ) {
    this.counts = new PendingCounts<FieldUsageEntry>(
      {
        what: 'field usage',
        keyOf: (e) => [e.day, e.clientKind, e.clientName, e.clientVersion, e.coordinate].join('\n'),
        add: (counted, more) => ({ ...counted, count: counted.count + more.count }),
        send: async (entries) => {
          await peers.send('access', RecordFieldUsageDocument, { entries }, { service: await credentials.token() });
        },
        batchSize: BATCH,
        onFlush: () => this.spreadOverFields(),
      },
      log,
    );
  }

  /** Apollo Server plugin: an operation about to be executed leaves its fields (the list kept for it) in the context. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      serverWillStart: async () => ({
        schemaDidLoadOrUpdate: ({ apiSchema }) => {
          this.schema = apiSchema;
          this.operations.clear();
          this.lists.clear();
        },
      }),
      requestDidStart: async () => ({
        executionDidStart: async ({ contextValue, document, queryHash, request }) => {
          if (contextValue.fieldUsage) {
            contextValue.fieldUsage.coordinates = this.coordinatesOf(queryHash, request.operationName, () => document);
          }
        },
      }),
    };
  }

  /** The coordinates of an operation, computed the first time it is seen. */
  coordinatesOf(
    queryHash: string,
    operationName: string | undefined,
    document: () => DocumentNode | undefined,
  ): string[] | undefined {
    const key = `${queryHash}\n${operationName ?? ''}`;
    const known = this.operations.get(key);
    if (known) return known;
    const parsed = document();
    if (!parsed || !this.schema) return undefined;
    // Operations that differ only in literals (`document(id: "12")`) share one list, hence one counter per client.
    const computed = operationCoordinates(this.schema, parsed, operationName);
    const coordinates = this.lists.get(computed.join(' ')) ?? computed;
    this.lists.set(computed.join(' '), coordinates);
    this.operations.set(key, coordinates);
    return coordinates;
  }

  /** For an answer served from the response cache, which Apollo did not see: by the query text or the APQ hash. */
  async coordinatesOfCached(
    queryHash: string,
    operationName: string | undefined,
    text: string | undefined,
  ): Promise<string[] | undefined> {
    const known = this.operations.get(`${queryHash}\n${operationName ?? ''}`);
    if (known) return known;
    const source = text ?? (await this.apqText?.(queryHash).catch(() => undefined));
    if (!source) return undefined;
    return this.coordinatesOf(queryHash, operationName, () => {
      try {
        return parse(source);
      } catch {
        return undefined;
      }
    });
  }

  /**
   * One operation of `client` that used `coordinates` (the list kept for that operation), today (UTC): one counter
   * per operation and client, whatever the number of fields; spread over the fields when they are sent.
   */
  count(client: ApiClient, coordinates: readonly string[]): void {
    let clientKey = `${client.kind}\n${client.name}\n${client.version}`;
    if (!this.clients.has(clientKey)) {
      if (this.clients.size >= MAX_CLIENTS) clientKey = OTHER;
      else this.clients.add(clientKey);
    }
    const key = `${new Date().toISOString().slice(0, 10)}\n${clientKey}`;
    let byClient = this.operationsCounted.get(coordinates);
    if (!byClient) this.operationsCounted.set(coordinates, (byClient = new Map()));
    byClient.set(key, (byClient.get(key) ?? 0) + 1);
  }

  /** The operations counted since the last flush, as counts per field, ready to send. */
  private spreadOverFields(): void {
    for (const [coordinates, byClient] of this.operationsCounted) {
      for (const [key, count] of byClient) {
        const [day, clientKind, clientName, clientVersion] = key.split('\n') as [
          string,
          ApiClient['kind'],
          string,
          string,
        ];
        for (const coordinate of coordinates) {
          this.counts.add({ day, clientKind, clientName, clientVersion, coordinate, count });
        }
      }
    }
    this.operationsCounted = new Map();
    this.clients = new Set();
  }

  start(intervalMs: number): void {
    this.counts.start(intervalMs);
  }

  /** Sends what was counted since the last flush; what cannot be sent is kept for the next one. */
  flush(): Promise<void> {
    return this.counts.flush();
  }

  stop(): Promise<void> {
    return this.counts.stop();
  }
}
