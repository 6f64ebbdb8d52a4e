/**
 * Plans registered partner operations ahead: every few seconds the gateway asks access for the
 * operations of served manifests and runs each new one once, so its query plan is in the plan
 * cache before the partner's first request. Partners may only register queries (checked on
 * upload), so running one reads and changes nothing; one with required variables is refused by
 * validation after it was planned, which is all that is wanted.
 */
import type { ApolloServer } from '@apollo/server';
import type { Logger } from '../platform/logger';
import type { Peers } from '../platform/peers';
import { ServedPartnerOperationsDocument } from '../subgraphs/access/generated/peer-operations';
import type { ServiceCredentials } from '../platform/service-auth';
import type { GatewayContext } from './context';

export class PlanWarmer {
  readonly warmed = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly server: ApolloServer<GatewayContext>,
    private readonly peers: Peers,
    private readonly credentials: ServiceCredentials,
    private readonly log: Logger,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.warm(), intervalMs);
    this.timer.unref();
  }

  /** One pass, after any pass already running. */
  warm(): Promise<void> {
    this.running = this.running
      .then(() => this.pass())
      .catch((error: unknown) => this.log.warn({ err: error }, 'plan warming failed; will retry'));
    return this.running;
  }

  private async pass(): Promise<void> {
    const service = await this.credentials.token();
    const { servedPartnerOperations } = await this.peers.send(
      'access',
      ServedPartnerOperationsDocument,
      {},
      { service },
    );
    for (const op of servedPartnerOperations) {
      if (this.warmed.has(op.id)) continue;
      await this.server.executeOperation(
        { query: op.body, operationName: op.name === 'anonymous' ? undefined : op.name },
        { contextValue: { claims: null } },
      );
      this.warmed.add(op.id);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
