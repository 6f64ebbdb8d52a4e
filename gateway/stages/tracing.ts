/**
 * Tracing (issue 12, platform/tracing.ts): every request to the gateway is one trace, its server span the root
 * of the subgraph fetches and the subgraphs' own spans. The answer names the trace in `traceresponse`, so an
 * operator can find it from a client's report. A `traceparent` from the public is not made the parent (anybody
 * could join or force-sample our traces that way) but kept as a link. Off, the stage costs one test.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  extractTraceContext,
  linksTo,
  markFailed,
  traceResponse,
  tracingOn,
  withSpan,
} from '../../platform/tracing';
import { header, type Stage } from '../pipeline';

export function tracing(): Stage {
  return (exchange, next) => {
    if (!tracingOn()) return next();
    const attributes = {
      'http.request.method': exchange.method,
      'url.path': exchange.url.pathname,
      'mpi.request_id': exchange.requestId,
    };
    return withSpan(
      'gateway request',
      attributes,
      async (span) => {
        const answer = await next();
        span.setAttributes({ 'http.response.status_code': answer.status, 'mpi.client.kind': exchange.client });
        // Frontends name themselves as Apollo's clients do.
        const clientName = header(exchange, 'apollographql-client-name');
        if (clientName) span.setAttribute('graphql.client.name', clientName);
        if (answer.refused) span.setAttribute('mpi.refused', answer.refused);
        if (answer.status >= 500) markFailed(span, `HTTP ${answer.status}`);
        const traced = traceResponse(span);
        if (traced) answer.headers.traceresponse = traced;
        return answer;
      },
      { kind: SpanKind.SERVER, parent: ROOT_CONTEXT, links: linksTo(extractTraceContext(exchange.headers)) },
    );
  };
}
