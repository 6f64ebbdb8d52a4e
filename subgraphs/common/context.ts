/** What every resolver of every subgraph receives: its database, the caller, loaders, peers. */
import type { DataSource } from 'typeorm';
import type { Claims } from './auth';
import { resolveCaller, type AccountDirectory, type Caller, type PersonDirectory } from './caller';
import { forbidden, unauthenticated } from './errors';
import { Loaders } from './loaders';
import type { Peers } from './peers';

export class SubgraphContext {
  readonly loaders = new Loaders();
  private callerPromise?: Promise<Caller | null>;

  constructor(
    readonly db: DataSource,
    readonly peers: Peers,
    readonly claims: Claims | null,
    readonly authorization: string | undefined,
    private readonly accounts: AccountDirectory,
    private readonly people: PersonDirectory,
  ) {}

  /** The caller as the live data has it now; `null` when anonymous or the account is unknown. */
  caller(): Promise<Caller | null> {
    this.callerPromise ??= resolveCaller(this.claims, this.authorization, this.accounts, this.people);
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
