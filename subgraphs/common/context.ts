/** What every resolver of every subgraph receives: its database, the caller, loaders, peers. */
import type { DataSource } from 'typeorm';
import type { Claims } from './auth';
import { resolveCaller, type AccountDirectory, type Caller, type PersonDirectory } from './caller';
import { forbidden, unauthenticated } from './errors';
import { Loaders } from './loaders';
import type { PlatformConfig, SubgraphName } from './config';
import type { Relay } from './outbox';
import type { Peers } from './peers';
import type { ServiceCredentials, ServiceName } from './service-auth';

/** What a subgraph holds for all its requests. */
export interface SubgraphServices {
  name: SubgraphName;
  config: PlatformConfig;
  db: DataSource;
  peers: Peers;
  accounts: AccountDirectory;
  people: PersonDirectory;
  credentials: ServiceCredentials;
  /** Delivers this subgraph's outbox; present when it has one. */
  relay?: Relay;
}

export class SubgraphContext {
  readonly loaders = new Loaders();
  readonly db: DataSource;
  readonly peers: Peers;
  private callerPromise?: Promise<Caller | null>;

  constructor(
    readonly services: SubgraphServices,
    readonly claims: Claims | null,
    readonly authorization: string | undefined,
    /** The subgraph calling on its own account (service credentials), if any. */
    readonly service: ServiceName | null,
  ) {
    this.db = services.db;
    this.peers = services.peers;
  }

  /** After an act commits, what it put in the outbox (audit entries, actions, reports) leaves at once; the relay retries what cannot. */
  async afterCommit<T>(result: T): Promise<T> {
    await this.services.relay?.deliver();
    return result;
  }

  /** The caller as the live data has it now; `null` when anonymous or the account is unknown. */
  caller(): Promise<Caller | null> {
    this.callerPromise ??= resolveCaller(this.claims, this.authorization, this.services.accounts, this.services.people);
    return this.callerPromise;
  }

  /** The caller if signed in with an active account; `null` otherwise (they read as the public does). */
  async activeCaller(): Promise<Caller | null> {
    const caller = await this.caller();
    return caller && caller.status === 'ACTIVE' ? caller : null;
  }

  /** The caller, or an UNAUTHENTICATED / FORBIDDEN error saying why not. */
  async requireCaller(): Promise<Caller> {
    if (!this.claims) throw unauthenticated();
    const caller = await this.caller();
    if (!caller) throw unauthenticated(`No MPI account is registered for the login "${this.claims.login}".`);
    if (caller.status !== 'ACTIVE') throw forbidden('Your MPI account is suspended; contact the editorial office.');
    return caller;
  }
}

/** Refuses anything but another subgraph calling on its own account. */
export function requireService(ctx: SubgraphContext, allowed: readonly ServiceName[]): ServiceName {
  if (!ctx.service || !allowed.includes(ctx.service)) throw forbidden('This operation is for the platform\'s own services only.');
  return ctx.service;
}
