/**
 * The platform's HTTP client between its own processes (gateway → subgraph, subgraph → subgraph):
 * Node's http module over keep-alive connections, answering with the small part of the fetch API that
 * Apollo's data source and our peers read (ok, status, headers.get, text, json). Node's global fetch
 * does the same work through web streams, at several times the CPU per call; between our own
 * services on loopback that was a large share of a federated request.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });

export interface PlatformResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export interface PlatformRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Milliseconds before the call is abandoned. */
  timeoutMs?: number;
}

class Answer implements PlatformResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    raw: http.IncomingHttpHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
}

/**
 * Identical requests in flight at the same moment are sent once and share the answer (Apollo Router's
 * "query deduplication"): nothing is kept once the answer is in, so it is not a cache. Only for reads the
 * caller marks as shareable; each sharer parses the body itself, so none sees another's objects.
 */
const inFlight = new Map<string, Promise<PlatformResponse>>();

export function sharedRequest(url: string, init: PlatformRequest): Promise<PlatformResponse> {
  const headers = init.headers ?? {};
  const key = `${url}\n${headers.authorization ?? ''}\n${headers['x-mpi-caller'] ?? ''}\n${init.body ?? ''}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = request(url, init).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

export function request(url: string, init: PlatformRequest = {}): Promise<PlatformResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers: Record<string, string> = { ...init.headers };
    if (body) headers['content-length'] = String(body.length);
    const outgoing = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        headers,
        agent,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve(
            new Answer(
              url,
              incoming.statusCode ?? 0,
              incoming.statusMessage ?? '',
              incoming.headers,
              Buffer.concat(chunks).toString('utf8'),
            ),
          ),
        );
      },
    );
    outgoing.setNoDelay(true);
    // A deadline for the whole call, not for silence on the socket: a server that trickles bytes is no faster.
    const deadline = init.timeoutMs
      ? setTimeout(
          () => outgoing.destroy(new Error(`no answer from ${target.host} within ${init.timeoutMs} ms`)),
          init.timeoutMs,
        )
      : undefined;
    outgoing.on('close', () => clearTimeout(deadline));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
