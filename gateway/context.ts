/** The gateway's per-request context: the caller's credentials, verified before any planning. */
import type { Claims } from '../platform/auth';

export interface GatewayContext {
  authorization?: string;
  claims: Claims | null;
  /** One id per request, passed to every subgraph called for it. */
  requestId?: string;
  /** The caller as the first subgraph worked it out, signed; passed on to the next subgraph calls. */
  callerContext?: string;
  /** What the answer holds (`Document:12`, `Document:*`), reported by the subgraphs; for the response cache. */
  cacheTags?: Set<string>;
  /**
   * The schema coordinates (`Type.field`) of the operation being executed (gateway/field-usage.ts). In an object of
   * its own, as `cacheTags` in a set of its own, because Apollo Server hands plugins a shallow copy of the context.
   */
  fieldUsage?: { coordinates?: readonly string[] };
}
