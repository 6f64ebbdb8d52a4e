/** What every resolver of every subgraph receives: its database, the caller, loaders, peers. */
import type { DataSource } from 'typeorm';
import type { Claims } from '../../platform/auth';
import { resolveCaller, type AccountDirectory, type Caller, type PersonDirectory } from './caller';
import { answerTooLarge, forbidden, unauthenticated } from '../../platform/errors';
import { Loaders } from './loaders';
import type { PlatformConfig, SubgraphName } from '../../platform/config';
import type { Relay } from './outbox';
import type { Peers } from '../../platform/peers';
import type { Tasks, WorkerPool } from './worker-pool';
import { internalSecret, type ServiceCredentials, type ServiceName } from '../../platform/service-auth';
import { signCaller, verifyCaller } from '../../platform/caller-context';
import type { RequestScope } from '../../platform/request-scope';

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
  /** Threads for its CPU-heavy work (issue 12); present when the subgraph names a worker entry. */
  workers?: WorkerPool<Tasks>;
}

export class SubgraphContext {
  readonly loaders = new Loaders();
  readonly db: DataSource;
  readonly peers: Peers;
  private callerPromise?: Promise<Caller | null>;
  private consulted = false;
  /** Issue 12: characters of long texts and files this answer may still carry (MAX_RESPONSE_BYTES). */
  private answerLeft: number;

  constructor(
    readonly services: SubgraphServices,
    private readonly verifiedClaims: Claims | null,
    private readonly bearer: string | undefined,
    /** The subgraph calling on its own account (service credentials), if any. */
    readonly service: ServiceName | null,
    /** This request's scope: its id and the caller context it came with or made. */
    private readonly scope: RequestScope = { requestId: '' },
    /** The caller as an earlier hop of the same request worked it out (verified). */
    private readonly handedCaller: Caller | null = null,
  ) {
    this.db = services.db;
    this.peers = services.peers;
    this.answerLeft = services.config.limits.maxResponseBytes;
  }

  /**
   * Counts a long text (a body, a file as base64) against the size an answer may have, before it is put in: an
   * answer over MAX_RESPONSE_BYTES is refused here, not built here and parsed at the gateway only to be refused
   * there (issue 12: tens of megabytes of JSON would block both event loops). `characters` may be given ahead
   * of reading the text (a file's size).
   */
  charge<T extends string | null | undefined>(text: T, characters = text?.length ?? 0): T {
    this.answerLeft -= characters;
    const limit = this.services.config.limits.maxResponseBytes;
    if (this.answerLeft < 0) throw answerTooLarge(limit - this.answerLeft, limit);
    return text;
  }

  /** The verified token's claims. Reading them makes the answer depend on the caller. */
  get claims(): Claims | null {
    if (this.verifiedClaims) this.consulted = true;
    return this.verifiedClaims;
  }

  /** The caller's Authorization header, to pass on to a peer. Reading it makes the answer depend on the caller. */
  get authorization(): string | undefined {
    if (this.bearer) this.consulted = true;
    return this.bearer;
  }

  /** Whether anything in this request looked at who is calling (then its answer is not the same for everybody). */
  get callerConsulted(): boolean {
    return this.consulted;
  }

  /** The caller as the live data has it now; `null` when anonymous or the account is unknown. */
  caller(): Promise<Caller | null> {
    if (this.verifiedClaims) this.consulted = true;
    this.callerPromise ??= this.resolveCaller();
    return this.callerPromise;
  }

  /** Once per request: handed on by an earlier hop, or worked out here from live data and signed for the next hops. */
  private async resolveCaller(): Promise<Caller | null> {
    if (!this.verifiedClaims) return null;
    if (this.handedCaller) return this.handedCaller;
    // A peer asked earlier in this request worked the caller out and handed it back (platform/peers.ts).
    if (this.scope.callerContext && this.bearer) {
      return verifyCaller(await internalSecret(this.services.config), this.scope.callerContext, {
        requestId: this.scope.requestId,
        authorization: this.bearer,
        login: this.verifiedClaims.login,
      });
    }
    const caller = await resolveCaller(this.verifiedClaims, this.bearer, this.services.accounts, this.services.people);
    if (caller && this.bearer && this.scope.requestId) {
      this.scope.callerContext = await signCaller(
        await internalSecret(this.services.config),
        caller,
        this.scope.requestId,
        this.bearer,
      );
      this.scope.workedOutHere = true;
    }
    return caller;
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
  if (!ctx.service || !allowed.includes(ctx.service))
    throw forbidden("This operation is for the platform's own services only.");
  return ctx.service;
}
