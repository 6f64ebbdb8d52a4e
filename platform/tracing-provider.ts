/**
 * The OpenTelemetry SDK's side of tracing (platform/tracing.ts loads this file only when tracing is on, so a
 * process without OTEL_* never loads the SDK): a NodeTracerProvider with the AsyncLocalStorage context manager
 * and the W3C trace-context propagator, registered for the whole process.
 */
import type { Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface RegisteredProvider {
  tracer: Tracer;
  /** Sends what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** `processor` replaces the exporter `exporter` names (tests pass an in-memory one). */
export function registerProvider(
  serviceName: string,
  exporter: 'otlp' | 'console',
  processor?: SpanProcessor,
): RegisteredProvider {
  // Batches to a collector (OTEL_BSP_* tune it); to the console, each span as it ends.
  const chosen =
    processor ??
    (exporter === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : new BatchSpanProcessor(new OTLPTraceExporter()));
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the name the process gives itself.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  // The sampler comes from OTEL_TRACES_SAMPLER (default: parent-based, always on).
  const provider = new NodeTracerProvider({ resource, spanProcessors: [chosen] });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
  return { tracer: provider.getTracer('mpi-platform'), shutdown: () => provider.shutdown() };
}
