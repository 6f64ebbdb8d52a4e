/**
 * One load target of `npm run bench:gateway`: a GraphQL POST checked once, then driven by
 * autocannon (a warm-up that is not counted, then the measured run).
 */
import autocannon from 'autocannon';

export interface Target {
  name: string;
  url: string;
  /** The JSON request body. */
  body: string;
  headers?: Record<string, string>;
  /** Headers made afresh for each request (a subgraph's signature, valid for a minute). */
  sign?: () => Record<string, string>;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface Measurement {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Answers that were not GraphQL data without errors (a non-2xx answer counts here too). */
  badAnswers: number;
  /** Connection errors and timeouts. */
  errors: number;
  requests: number;
  /** Why the target was not measured, or what was odd about it. */
  note?: string;
  /** The answer of the check before the load. */
  answer?: Buffer;
}

/** A GraphQL answer with data and without errors (checked on every response of the load too). */
export function isCleanAnswer(body: string): boolean {
  return body.startsWith('{"data":{') && !body.includes('"errors":[');
}

/** One request: the exact answer bytes, or why the target cannot be measured. */
export async function probe(target: Target): Promise<{ bytes: Buffer } | { refused: string }> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers, ...target.sign?.() },
    body: target.body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  if (response.status !== 200 || !isCleanAnswer(text)) {
    return { refused: `HTTP ${response.status}: ${text.slice(0, 300)}` };
  }
  return { bytes };
}

function run(target: Target, connections: number, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    ...(target.sign
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                headers: { ...request.headers, ...target.sign!() },
              }),
            },
          ],
        }
      : {}),
    connections,
    duration,
    verifyBody: (body) => isCleanAnswer(String(body)),
  });
}

/** Checks the target answers, warms it up, and measures it. A target that refuses is reported, not thrown. */
export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
  const checked = await probe(target).catch((error: unknown) => ({ refused: String(error) }));
  if ('refused' in checked) return unmeasured(target.name, `not measured: ${checked.refused}`);
  process.stderr.write(`  ${target.name}: warm-up ${settings.warmupSeconds} s, `);
  await run(target, settings.connections, settings.warmupSeconds);
  process.stderr.write(`measuring ${settings.durationSeconds} s... `);
  const result = await run(target, settings.connections, settings.durationSeconds);
  const measurement: Measurement = {
    target: target.name,
    requestsPerSecond: result.requests.mean,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    badAnswers: result.mismatches,
    errors: result.errors,
    requests: result.requests.total,
    answer: checked.bytes,
  };
  process.stderr.write(`${measurement.requestsPerSecond.toFixed(0)} req/s\n`);
  if (result.timeouts > 0) measurement.note = `${result.timeouts} of the errors were timeouts`;
  return measurement;
}

export function unmeasured(target: string, note?: string): Measurement {
  return { target, requestsPerSecond: NaN, p50: NaN, p99: NaN, non2xx: 0, badAnswers: 0, errors: 0, requests: 0, note };
}
