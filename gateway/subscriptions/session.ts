/**
 * One subscriber's stream: admitted only if the rights query answers (subscribe time), then, for every live event
 * its field reports, the payload read through the supergraph with the subscriber's own credentials, in the order
 * the events came. On each event the token is verified again and the account's status and rights read again: a
 * suspended account's stream is closed with the reason; one whose role was revoked receives nothing more.
 */
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { LiveEvent } from '../../platform/changes';
import type { Claims, TokenVerifier } from '../../platform/auth';
import { ErrorCode } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { GatewayContext } from '../context';
import { newRequestId } from '../pipeline';
import type { EventLog } from './event-log';
import { RIGHTS_KEY, VIEWER_KEY, payloadQuery, rightsQuery, type LiveQuery, type Subscription } from './operation';

export interface Subscriber {
  authorization?: string;
  claims: Claims | null;
}

/** What the transport sends: a result (with the event's id), or the end of the stream (with why, if not asked for). */
export type Delivery =
  | {
      kind: 'next';
      id?: string;
      result: {
        data?: Record<string, unknown> | null;
        errors?: readonly GraphQLFormattedError[];
        extensions?: Record<string, unknown>;
      };
    }
  | { kind: 'close'; error?: GraphQLFormattedError };

export interface SessionServices {
  server: ApolloServer<GatewayContext>;
  verifier: TokenVerifier;
  events: EventLog;
  log: Logger;
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

const SUSPENDED = 'Your MPI account is suspended; contact the editorial office. This live update stream is closed.';

const codeOf = (error: GraphQLFormattedError | undefined) => error?.extensions?.code as string | undefined;

export class LiveSession {
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;

  constructor(
    private readonly services: SessionServices,
    private readonly subscription: Subscription,
    private readonly subscriber: Subscriber,
    private readonly send: (delivery: Delivery) => void,
  ) {}

  /** Whether the subscriber may watch now: `null`, or the error that refuses the subscription. */
  async refusal(): Promise<GraphQLFormattedError | null> {
    const answer = await this.run(rightsQuery(this.subscription));
    const status = this.statusError(answer);
    if (status) return status;
    const denied = answer.errors?.find((error) => error.path?.[0] === RIGHTS_KEY) ?? answer.errors?.[0];
    return denied ?? null;
  }

  /** Starts delivering: first what was missed after `lastEventId` (within the kept window), then each new event. */
  start(lastEventId?: string): void {
    if (lastEventId) {
      const replay = this.services.events.after(lastEventId);
      if (replay.kind === 'after') for (const event of replay.events) this.enqueue(event);
      else {
        this.send({
          kind: 'next',
          result: {
            errors: [
              {
                message: `The events after ${lastEventId} are no longer kept; read the current state again. Live updates go on from now.`,
                extensions: { code: ErrorCode.REPLAY_UNAVAILABLE },
              },
            ],
          },
        });
      }
    }
    // In the same turn as the replay: no event falls between the two.
    this.unsubscribe = this.services.events.onEvent((event) => this.enqueue(event));
  }

  /** Ends the stream (client gone, gateway stopping, or the subscriber may no longer watch). */
  close(error?: GraphQLFormattedError): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.send({ kind: 'close', error });
  }

  private enqueue(event: LiveEvent): void {
    const { field, args } = this.subscription;
    if (!field.events.includes(event.type as never) || (field.wanted && !field.wanted(args, event))) return;
    this.queue = this.queue
      .then(() => this.deliver(event))
      .catch((error: unknown) => this.services.log.warn({ err: error, event: event.id }, 'live update not delivered'));
  }

  private async deliver(event: LiveEvent): Promise<void> {
    if (this.closed) return;
    const root = this.subscription.field.payload(event);
    if (!root) return;
    try {
      // The token too may have expired since the subscription began.
      await this.services.verifier.verify(this.subscriber.authorization);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code ?? ErrorCode.UNAUTHENTICATED;
      return this.close({
        message: `${(error as Error).message} This live update stream is closed.`,
        extensions: { code },
      });
    }
    const answer = await this.run(payloadQuery(this.subscription, root));
    if (this.closed) return;
    const status = this.statusError(answer);
    if (status) return this.close(status);
    // A revoked role: nothing more is delivered (the rights may come back: the stream stays open).
    if (answer.errors?.some((error) => error.path?.[0] === RIGHTS_KEY)) return;
    const { key } = this.subscription;
    const payload = answer.data?.[key];
    if (payload === null || payload === undefined) return; // not (or no longer) visible to this subscriber
    const errors = answer.errors?.filter((error) => error.path?.[0] === key);
    this.send({
      kind: 'next',
      id: event.id,
      result: { data: { [key]: payload }, ...(errors?.length ? { errors } : {}), extensions: { eventId: event.id } },
    });
  }

  /** A suspended (or no longer registered) account ends the stream with the reason. */
  private statusError(answer: Answer): GraphQLFormattedError | null {
    if (!this.subscriber.authorization) return null;
    const viewer = answer.data?.[VIEWER_KEY] as { status?: string } | null | undefined;
    if (viewer?.status === 'SUSPENDED') return { message: SUSPENDED, extensions: { code: ErrorCode.FORBIDDEN } };
    const unauthenticated = answer.errors?.find((error) => codeOf(error) === ErrorCode.UNAUTHENTICATED);
    if (unauthenticated) return unauthenticated;
    if (answer.data && !viewer) {
      return {
        message: 'No MPI account is registered for your login. This live update stream is closed.',
        extensions: { code: ErrorCode.UNAUTHENTICATED },
      };
    }
    return null;
  }

  /** An ordinary query through the supergraph, as this subscriber. */
  private async run(query: LiveQuery): Promise<Answer> {
    const context: GatewayContext = {
      authorization: this.subscriber.authorization,
      claims: this.subscriber.claims,
      requestId: newRequestId(),
      cacheTags: new Set(),
    };
    const response = await this.services.server.executeOperation(query, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('A live update query answered incrementally.');
    return response.body.singleResult as Answer;
  }
}
