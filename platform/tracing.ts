/**
 * OpenTelemetry tracing (issue 12): one trace per request, across the gateway and the subgraphs. Spans are made
 * by hand at our few hops — the gateway's request, each subgraph fetch, each subgraph's request, each peer call —
 * and the W3C `traceparent` header carries the trace from one process to the next. No auto-instrumentation of
 * `http`: its require hooks are fragile, and our one HTTP client (platform/http-client.ts) is easy to wrap.
 *
 * Off unless the standard OTEL_* variables ask for it (config.ts `tracing`): then no provider is registered and
 * every helper here costs one test of a variable; the API itself stays on its no-op tracer.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { RegisteredProvider } from './tracing-provider';

export { ROOT_CONTEXT, SpanKind };
export type { Span };

export interface TracingConfig {
  /** Where finished spans go: an OTLP/HTTP collector, the console (trying it locally), or nowhere (off). */
  exporter: 'otlp' | 'console' | 'none';
}

let provider: RegisteredProvider | undefined;
/** Set while tracing is on; every helper asks it first. */
let tracer: Tracer | undefined;

/**
 * Registers the process's tracer provider when `config` asks for one (platform/tracing-provider.ts). The first
 * call in a process decides (one process may run several servers); `processor` replaces the exporter the
 * configuration names (tests pass an in-memory one). Whether tracing is on.
 */
export function startTracing(
  serviceName: string,
  config: TracingConfig,
  options: { processor?: SpanProcessor } = {},
): boolean {
  if (tracer) return true;
  if (config.exporter === 'none') return false;
  // Loaded here, not above: a process that does not trace never loads the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { registerProvider } = require('./tracing-provider') as typeof import('./tracing-provider');
  provider = registerProvider(serviceName, config.exporter, options.processor);
  tracer = provider.tracer;
  return true;
}

/** Sends the spans still buffered and unregisters the provider (a stopping process, the end of a test). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  tracer = undefined;
  if (!stopping) return;
  await stopping.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

export function tracingOn(): boolean {
  return tracer !== undefined;
}

/** What `fn` gets while tracing is off: a span that records nothing. */
const NOT_RECORDED = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export interface SpanOptions {
  kind?: SpanKind;
  /** The span's parent, when it is not the active span (a server span continues the caller's trace). */
  parent?: Context;
  links?: Link[];
}

/**
 * Runs `fn` inside a new span, active for everything `fn` starts (log lines, peer calls, outgoing headers).
 * An error `fn` throws is recorded on the span and thrown on.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  if (!tracer) return fn(NOT_RECORDED);
  const spanOptions = { kind: options.kind ?? SpanKind.INTERNAL, attributes, links: options.links };
  return tracer.startActiveSpan(name, spanOptions, options.parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks the span failed, with the error as its exception event. */
export function recordFailure(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const exception = error instanceof Error ? error : String(error);
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Marks the span failed for a reason that is no exception (an HTTP status, an open circuit). */
export function markFailed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** A link to the trace in `parent`, if it holds one (to keep a caller's trace in view without joining it). */
export function linksTo(parent: Context): Link[] | undefined {
  const spanContext = trace.getSpanContext(parent);
  return spanContext ? [{ context: spanContext }] : undefined;
}

/** Adds `traceparent` for the active span to the headers of an outgoing request (and returns them). */
export function injectTraceHeaders(headers: Record<string, string>): Record<string, string> {
  if (tracer) propagation.inject(context.active(), headers);
  return headers;
}

/** The caller's trace, from the `traceparent` of an incoming request (the root context when there is none). */
export function extractTraceContext(headers: IncomingHttpHeaders): Context {
  return tracer ? propagation.extract(ROOT_CONTEXT, headers) : ROOT_CONTEXT;
}

/** The `traceresponse` header of an answer (W3C Trace Context level 2): the trace and span that served it. */
export function traceResponse(span: Span): string | undefined {
  if (!span.isRecording()) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** The fields a log line gets while a span is active (pino's `mixin`; pino merges into it, so a new object). */
export function traceFields(): Record<string, string> {
  const span = tracer ? trace.getActiveSpan() : undefined;
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** Codes that say the platform failed, not the caller: they mark a request's span as failed. */
const FAILURE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SUBGRAPH_UNAVAILABLE']);

/**
 * Tells the request's span (active when Apollo Server starts on the request) the operation's name and type, and
 * the GraphQL errors of its answer; the platform's own failures mark it failed, a refusal of the caller does not.
 */
export function tracingPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const span = tracer ? trace.getActiveSpan() : undefined;
      if (!span?.isRecording()) return undefined;
      return {
        async didResolveOperation({ operationName, operation }) {
          if (operation) span.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
            span.recordException({ name: code, message: error.message });
            if (FAILURE_CODES.has(code)) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          }
        },
      };
    },
  };
}
