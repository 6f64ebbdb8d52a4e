/**
 * Issue 12, "Operability → Tracing": with the OTEL_* variables set, one request is one trace across the gateway
 * and the subgraphs — a server span for the gateway's request and for each subgraph's, a client span for each
 * subgraph fetch and peer call, joined by `traceparent` — and log lines made within it name the trace. Unset,
 * nothing is registered and nothing recorded. Spans are read from the SDK's in-memory exporter, handed to
 * platform/tracing.ts in place of the configured one. The tests run in order: tracing is off for the first.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, stopTracing } from '../../platform/tracing';
import { ConfigError, loadConfig } from '../../platform/config';
import { cultureDocument } from '../support/documents';
import { PUBLISH_DOCUMENT } from '../support/operations';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const exporter = new InMemorySpanExporter();
/** Every log line of the platform, parsed. */
const logLines: Record<string, unknown>[] = [];
let platform: TestPlatform;

function collect(chunk: unknown): void {
  for (const line of String(chunk).split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      logLines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  }
}

beforeAll(async () => {
  // Once process.stdout.write is replaced, pino writes through it: the platform's log lines come here, off the console.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    collect(chunk);
    return true;
  });
  platform = await startTestPlatform({ LOG_LEVEL: 'debug' });
});

afterAll(async () => {
  await platform?.stop();
  await stopTracing();
  jest.restoreAllMocks();
});

/** tomasz.zielinski publishes a document: the gateway asks content, which asks access for his publishing right. */
async function publish(
  id: string,
): Promise<{ headers: Headers; body: { data?: any; errors?: { extensions?: { code?: string } }[] } }> {
  const response = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await platform.token('tomasz.zielinski')}`,
    },
    body: JSON.stringify({ query: PUBLISH_DOCUMENT, variables: { id } }),
  });
  return { headers: response.headers, body: (await response.json()) as any };
}

const tracingOn = () =>
  loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracing;

function named(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

function parentOf(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan | undefined {
  const parentId = span.parentSpanContext?.spanId;
  return spans.find((each) => each.spanContext().spanId === parentId);
}

function ancestorsOf(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan[] {
  const ancestors: ReadableSpan[] = [];
  for (let parent = parentOf(span, spans); parent; parent = parentOf(parent, spans)) ancestors.push(parent);
  return ancestors;
}

test('issue 12: the OTEL_* variables are read the standard way, and tracing is off when they are unset', () => {
  expect(loadConfig({}).tracing).toEqual({ exporter: 'none' });
  expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({ exporter: 'otlp' });
  expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console' }).tracing).toEqual({ exporter: 'console' });
  expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }).tracing).toEqual({ exporter: 'none' });
  expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
    /OTEL_TRACES_EXPORTER="zipkin" is not one of: otlp, console, none/,
  );
  expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(ConfigError);
  expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
});

test('issue 12: with OTEL_* unset no provider is registered: nothing is recorded, logged lines and answers name no trace', async () => {
  expect(startTracing('mpi-test', loadConfig({}).tracing, { processor: new SimpleSpanProcessor(exporter) })).toBe(
    false,
  );
  // The API stays on its no-op tracer.
  expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  const id = await cultureDocument(platform, { title: 'Bez śledzenia' }, { draft: true });
  const from = logLines.length;

  const { headers, body } = await publish(id);
  expect(body.data?.publishDocument.status).toBe('PUBLISHED');
  expect(headers.get('traceresponse')).toBeNull();
  expect(exporter.getFinishedSpans()).toEqual([]);
  const served = logLines.slice(from).filter((line) => line.msg === 'request served');
  expect(served.map((line) => line.service)).toEqual(expect.arrayContaining(['content', 'access']));
  for (const line of served) expect(line).not.toHaveProperty('trace_id');
});

test('issue 12: an act through gateway → content → access is one trace, its spans linked parent to child, its log lines naming it', async () => {
  expect(startTracing('mpi-test', tracingOn(), { processor: new SimpleSpanProcessor(exporter) })).toBe(true);
  const id = await cultureDocument(platform, { title: 'Ze śledzeniem' }, { draft: true });
  exporter.reset();
  const from = logLines.length;

  const { headers, body } = await publish(id);
  expect(body.data?.publishDocument.status).toBe('PUBLISHED');

  const spans = exporter.getFinishedSpans();
  const [gateway] = named(spans, 'gateway request');
  expect(named(spans, 'gateway request')).toHaveLength(1);
  const { traceId, spanId } = gateway.spanContext();
  expect(headers.get('traceresponse')).toBe(`00-${traceId}-${spanId}-01`);
  expect(gateway.kind).toBe(SpanKind.SERVER);
  expect(gateway.parentSpanContext).toBeUndefined();
  expect(gateway.attributes).toMatchObject({
    'graphql.operation.name': 'Publish',
    'graphql.operation.type': 'mutation',
    'mpi.client.kind': 'account',
    'http.response.status_code': 200,
  });

  const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
  // The gateway's fetch from content (a client span), content's server span under it.
  const [content] = named(inTrace, 'content request');
  expect(content).toBeDefined();
  expect(content.kind).toBe(SpanKind.SERVER);
  expect(content.attributes['subgraph.name']).toBe('content');
  const fetch = parentOf(content, inTrace)!;
  expect(fetch).toMatchObject({
    name: 'fetch content',
    kind: SpanKind.CLIENT,
    attributes: { 'subgraph.name': 'content' },
  });
  expect(ancestorsOf(content, inTrace)).toContain(gateway);

  // Content's peer call to access for the publishing right (a client span), access's server span under it.
  const accessRequests = named(inTrace, 'access request');
  expect(accessRequests.length).toBeGreaterThanOrEqual(1);
  for (const access of accessRequests) {
    expect(access.kind).toBe(SpanKind.SERVER);
    expect(parentOf(access, inTrace)).toMatchObject({ name: 'peer call access', kind: SpanKind.CLIENT });
    expect(ancestorsOf(access, inTrace)).toEqual(expect.arrayContaining([content, gateway]));
  }
  // One trace: every span of this act is in it.
  for (const name of ['gateway request', 'fetch content', 'content request', 'peer call access', 'access request']) {
    expect(named(inTrace, name).length).toBeGreaterThanOrEqual(1);
  }

  const served = logLines.slice(from).filter((line) => line.msg === 'request served' && line.trace_id === traceId);
  expect(served.map((line) => line.service)).toEqual(expect.arrayContaining(['content', 'access']));
  const accessLine = served.find((line) => line.service === 'access')!;
  expect(accessRequests.map((span) => span.spanContext().spanId)).toContain(accessLine.span_id);
});

test('issue 12: a refusal is recorded on the spans of its trace, without marking them failed', async () => {
  exporter.reset();
  const { body } = await publish('00000000-0000-0000-0000-000000000000');
  expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

  const spans = exporter.getFinishedSpans();
  const [gateway] = named(spans, 'gateway request');
  const inTrace = spans.filter((span) => span.spanContext().traceId === gateway.spanContext().traceId);
  for (const span of [gateway, ...named(inTrace, 'content request')]) {
    expect(span.events.map((event) => event.attributes?.['exception.type'])).toContain('NOT_FOUND');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  }
});
