/**
 * The one place that reads configuration. Every setting comes from the environment,
 * is validated at start-up, and a bad value stops the process with a message naming it.
 * README.md lists the same table.
 */
import net from 'node:net';
import path from 'node:path';
import type { TracingConfig } from './tracing';
import { projectRoot } from './schema-file';

export const SUBGRAPH_NAMES = ['organisation', 'access', 'lifecycle', 'content'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(name);
}

export interface DatabaseConfig {
  /** `sqlite`: one file per subgraph under dataDir; `mysql`: one database per subgraph. */
  kind: 'sqlite' | 'mysql';
  /** For mysql: the parsed DATABASE_URL; the path part is the prefix of each subgraph's database name. */
  url?: URL;
}

export interface PlatformConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  sampleData: boolean;
  gatewayPort: number;
  /** The gateway's Prometheus metrics are served on this port only, never on the public one (0: any free port). */
  metricsPort: number;
  ports: Record<SubgraphName, number>;
  /** Where each subgraph is reached (by the gateway and by the other subgraphs). */
  urls: Record<SubgraphName, string>;
  /** `maxLifetimeSeconds`: the longest a token may be valid (from its `iat`, and from now until its `exp`). */
  jwt: { issuer: string; audience: string; jwksUrl?: URL; maxLifetimeSeconds: number };
  /** Shared by the subgraphs to sign calls they make on their own account (outbox deliveries). */
  internalSecret?: string;
  /** The composed supergraph the gateway serves (and reloads when it changes). */
  supergraphPath: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** How often scheduled publishing looks for due documents. */
  schedulerIntervalMs: number;
  /** How often each subgraph's outbox relay looks for messages left undelivered (each act also sends at once). */
  outboxIntervalMs: number;
  /** Issue 12: threads that run CPU-heavy work off the event loop (diffs, sanitising, indexing); 0 runs it on the loop. */
  workerThreads: number;
  /** Where attachment bytes are kept (local-disk attachment store). */
  attachmentsDir: string;
  /** Where incident reports to the system administrator and the DPO are delivered (webhook). */
  incidentWebhookUrl?: URL;
  /** Redis for state gateway replicas share: APQ, rate limits, the response cache. */
  redisUrl?: string;
  /** How often the gateway looks for newly registered partner operations to plan ahead. */
  planWarmIntervalMs: number;
  /** Issue 14: how often each gateway replica sends the field usage it counted to the access subgraph. */
  fieldUsageFlushMs: number;
  /**
   * Operation limits enforced by the gateway: `maxCost`, the budget of an operation's estimated cost
   * (gateway/cost.ts); `maxResponseBytes`, the largest answer the gateway sends; `maxRequestBytes`, the largest
   * request body from anyone (files go to POST /uploads as a stream, outside GraphQL).
   */
  limits: {
    maxDepth: number;
    maxCost: number;
    maxResponseBytes: number;
    maxRequestBytes: number;
  };
  /** `npm start`: 2 runs the subgraphs in a child process and the gateway in the main one (a core each); 1 runs all in one. */
  processes: 1 | 2;
  /** Origins whose pages may call the gateway (CORS); in development any localhost origin too. */
  corsOrigins: string[];
  /** Whether the gateway keeps public answers (in memory, or in Redis with REDIS_URL). */
  responseCache: boolean;
  /** Whether identical subgraph reads in flight at the same moment are sent once (Apollo Router's query deduplication). */
  subgraphDedupe: boolean;
  /** Prefix of this deployment's keys and channels in Redis (several environments may share one Redis). */
  redisPrefix: string;
  /** The longest the gateway waits for each subgraph before answering without its part. */
  subgraphTimeoutMs: Record<SubgraphName, number>;
  /** The gateway's circuit breaker per subgraph: consecutive failures that open it, and how long it stays open. */
  breaker: { failures: number; coolDownMs: number };
  /**
   * Issue 12: requests a minute the gateway accepts from one address without signing in, and from one
   * signed-in account (0: no limit). A partner's limit is registered with the partner.
   */
  rateLimits: { anonymousPerMinute: number; accountPerMinute: number };
  /**
   * Issue 14: live updates. A client that lost its stream resumes after its last event if that event is among the
   * last `replayEvents` the gateway heard and no older than `replayMs`; `heartbeatMs` keeps a quiet stream open;
   * one account (or, signed out, one address) holds at most `streamsPerClient` streams at once on a gateway.
   */
  liveUpdates: { replayEvents: number; replayMs: number; heartbeatMs: number; streamsPerClient: number };
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For the gateway believes; none by default. */
  trustedProxies: string[];
  /** OpenTelemetry tracing from the standard OTEL_* variables (platform/tracing.ts); off unless they ask for it. */
  tracing: TracingConfig;
  /**
   * Issue 14: whether a browser's GET /graphql gets the GraphQL IDE (GraphiQL, served by the gateway itself); on unless
   * NODE_ENV=production. In production it also turns the gateway's introspection on, which the IDE's schema needs.
   */
  graphqlIde: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_PORTS: Record<SubgraphName, number> = {
  organisation: 4001,
  access: 4002,
  lifecycle: 4003,
  content: 4004,
};

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): PlatformConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const host = read.string('HOST', '127.0.0.1');
  const dataDir = path.resolve(read.string('DATA_DIR', './data'));
  const database = read.database('DATABASE_URL');
  const sampleData = read.boolean('SAMPLE_DATA', database.kind === 'sqlite');
  const gatewayPort = read.port('GATEWAY_PORT', 4000);
  const metricsPort = read.port('METRICS_PORT', 9464);
  if (metricsPort !== 0 && metricsPort === gatewayPort)
    problems.push(`METRICS_PORT must differ from GATEWAY_PORT (${gatewayPort}): metrics stay off the public port`);

  const ports = {} as Record<SubgraphName, number>;
  const urls = {} as Record<SubgraphName, string>;
  const subgraphTimeoutMs = {} as Record<SubgraphName, number>;
  const defaultTimeoutMs = read.integer('SUBGRAPH_TIMEOUT_MS', 10_000, 50, 600_000);
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    ports[name] = read.port(`${upper}_PORT`, DEFAULT_PORTS[name]);
    urls[name] = read.url(`${upper}_URL`, `http://${host}:${ports[name]}/graphql`).toString();
    subgraphTimeoutMs[name] = read.integer(`${upper}_TIMEOUT_MS`, defaultTimeoutMs, 50, 600_000);
  }
  const breaker = {
    failures: read.integer('SUBGRAPH_BREAKER_FAILURES', 5, 1, 1000),
    coolDownMs: read.integer('SUBGRAPH_BREAKER_COOL_DOWN_MS', 3000, 100, 3_600_000),
  };

  const jwksUrl = env.JWT_JWKS_URL ? read.url('JWT_JWKS_URL', '') : undefined;
  const jwt = {
    issuer: read.string('JWT_ISSUER', 'mpi-local'),
    audience: read.string('JWT_AUDIENCE', 'mpi'),
    jwksUrl,
    maxLifetimeSeconds: read.integer('JWT_MAX_LIFETIME_SECONDS', 12 * 3600, 60, 7 * 24 * 3600),
  };
  if (nodeEnv === 'production' && !jwksUrl) {
    problems.push(
      "JWT_JWKS_URL is required when NODE_ENV=production (Sezam's JWKS address); the local signing key is for development only",
    );
  }
  const supergraphPath = path.resolve(
    read.string('SUPERGRAPH_PATH', path.join(projectRoot(), 'schema', 'supergraph.graphql')),
  );
  const internalSecret = env.INTERNAL_SECRET?.trim() || undefined;
  if (internalSecret !== undefined && internalSecret.length < 32)
    problems.push('INTERNAL_SECRET must be at least 32 characters');
  if (nodeEnv === 'production' && !internalSecret) {
    problems.push('INTERNAL_SECRET is required when NODE_ENV=production (the same value for every subgraph)');
  }
  const logLevel = read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info');

  const schedulerIntervalMs = read.integer('SCHEDULER_INTERVAL_MS', 5000, 100, 3_600_000);
  const outboxIntervalMs = read.integer('OUTBOX_INTERVAL_MS', 2000, 100, 3_600_000);
  const workerThreads = read.integer('WORKER_THREADS', 1, 0, 64);
  const attachmentsDir = path.resolve(read.string('ATTACHMENTS_DIR', path.join(dataDir, 'attachments')));
  const incidentWebhookUrl = env.INCIDENT_WEBHOOK_URL ? read.url('INCIDENT_WEBHOOK_URL', '') : undefined;
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  const planWarmIntervalMs = read.integer('PLAN_WARM_INTERVAL_MS', 30_000, 100, 3_600_000);
  const fieldUsageFlushMs = read.integer('FIELD_USAGE_FLUSH_INTERVAL_MS', 10_000, 100, 3_600_000);
  const limits = {
    maxDepth: read.integer('QUERY_MAX_DEPTH', 10, 2, 50),
    // Issue 12: the largest ordinary operation (100 units with 50 members each) costs about 10,000; three nested pages of 100 a million.
    maxCost: read.integer('MAX_QUERY_COST', 25_000, 10, 100_000_000),
    maxResponseBytes: read.integer('MAX_RESPONSE_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxRequestBytes: read.integer('MAX_REQUEST_BYTES', 1024 * 1024, 16 * 1024, 1024 * 1024 * 1024),
  };
  const processes = Number(read.oneOf('PLATFORM_PROCESSES', ['1', '2'] as const, '2')) as 1 | 2;
  const corsOrigins = read.origins('CORS_ORIGINS');
  const redisPrefix = read.string('REDIS_PREFIX', 'mpi');
  const subgraphDedupe = read.oneOf('SUBGRAPH_DEDUPE', ['on', 'off'] as const, 'on') === 'on';
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(redisPrefix))
    problems.push(`REDIS_PREFIX="${redisPrefix}" must be 1-40 letters, digits, _ . or -`);
  const responseCache = read.oneOf('RESPONSE_CACHE', ['on', 'off'] as const, 'on') === 'on';
  if (nodeEnv === 'production' && responseCache && !redisUrl) {
    problems.push(
      'RESPONSE_CACHE=on needs REDIS_URL when NODE_ENV=production: the subgraphs announce changes through it (or set RESPONSE_CACHE=off)',
    );
  }
  const rateLimits = {
    // A person browsing makes a few requests a page, a dashboard one every few seconds: far below either.
    anonymousPerMinute: read.integer('RATE_LIMIT_ANONYMOUS_PER_MINUTE', 1200, 0, 10_000_000),
    accountPerMinute: read.integer('RATE_LIMIT_ACCOUNT_PER_MINUTE', 1200, 0, 10_000_000),
  };
  const liveUpdates = {
    replayEvents: read.integer('LIVE_REPLAY_EVENTS', 1000, 0, 1_000_000),
    replayMs: read.integer('LIVE_REPLAY_SECONDS', 300, 0, 86_400) * 1000,
    heartbeatMs: read.integer('LIVE_HEARTBEAT_SECONDS', 15, 1, 3600) * 1000,
    // Every event costs one query per open stream: one account (or address) holds a bounded number of them.
    streamsPerClient: read.integer('LIVE_STREAMS_PER_CLIENT', 25, 1, 10_000),
  };
  const trustedProxies = read.addresses('TRUSTED_PROXIES');
  if (redisUrl && !/^rediss?:\/\/[^\s]+$/.test(redisUrl))
    problems.push(`REDIS_URL="${redisUrl}" must look like redis://127.0.0.1:6379`);
  const tracing = read.tracing();
  const graphqlIde =
    read.oneOf('GRAPHQL_IDE', ['on', 'off'] as const, nodeEnv === 'production' ? 'off' : 'on') === 'on';
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: nodeEnv,
    host,
    dataDir,
    database,
    sampleData,
    gatewayPort,
    metricsPort,
    ports,
    urls,
    jwt,
    internalSecret,
    supergraphPath,
    logLevel,
    schedulerIntervalMs,
    outboxIntervalMs,
    workerThreads,
    attachmentsDir,
    incidentWebhookUrl,
    redisUrl,
    planWarmIntervalMs,
    fieldUsageFlushMs,
    limits,
    corsOrigins,
    responseCache,
    redisPrefix,
    subgraphDedupe,
    processes,
    subgraphTimeoutMs,
    breaker,
    rateLimits,
    liveUpdates,
    trustedProxies,
    tracing,
    graphqlIde,
  };
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}="${value}" is not one of: ${allowed.join(', ')}`);
    return fallback;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes'].includes(value.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(value.toLowerCase())) return false;
    this.problems.push(`${name}="${value}" must be true or false`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (Number.isInteger(number) && number >= min && number <= max) return number;
    this.problems.push(`${name}="${value}" must be a whole number from ${min} to ${max}`);
    return fallback;
  }

  port(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const port = Number(value);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
    this.problems.push(`${name}="${value}" must be a TCP port number (0-65535)`);
    return fallback;
  }

  url(name: string, fallback: string): URL {
    const value = this.raw(name) ?? fallback;
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      return url;
    } catch {
      this.problems.push(`${name}="${value}" must be an http(s) URL`);
      return new URL('http://invalid.invalid/');
    }
  }

  /** A comma-separated list of origins: scheme://host[:port], nothing after. */
  origins(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const origins = value
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean);
    for (const origin of origins) {
      let url: URL | undefined;
      try {
        url = new URL(origin);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
        this.problems.push(
          `${name}: "${origin}" is not an origin; write it as https://www.krakow.pl (scheme, host and port if any; no path, no trailing /)`,
        );
      }
    }
    return origins;
  }

  /** A comma-separated list of IP addresses or CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`). */
  addresses(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const entries = value
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [address, prefix, ...rest] = entry.split('/');
      const family = net.isIP(address);
      const bits = family === 6 ? 128 : 32;
      const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
      if (family === 0 || !prefixOk || rest.length > 0) {
        this.problems.push(
          `${name}: "${entry}" is not an IP address or CIDR range; write e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8`,
        );
      }
    }
    return entries;
  }

  /**
   * The standard OTEL_* variables, read the standard way except for one thing: unset means off (no collector is
   * assumed). An OTLP endpoint alone asks for OTLP. The exporter sends OTLP/HTTP with JSON, which a collector's
   * OTLP/HTTP port (4318) takes; it reads the endpoint, headers and timeout from the same variables itself.
   */
  tracing(): TracingConfig {
    if (this.boolean('OTEL_SDK_DISABLED', false)) return { exporter: 'none' };
    const endpoints = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'].filter(
      (name) => this.raw(name) !== undefined,
    );
    for (const name of endpoints) this.url(name, '');
    const exporter = this.oneOf(
      'OTEL_TRACES_EXPORTER',
      ['otlp', 'console', 'none'] as const,
      endpoints.length > 0 ? 'otlp' : 'none',
    );
    if (exporter === 'otlp') {
      for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
        const protocol = this.raw(name);
        if (protocol !== undefined && protocol !== 'http/json') {
          this.problems.push(
            `${name}="${protocol}": the platform sends traces as OTLP/HTTP with JSON; set http/json or leave it unset`,
          );
        }
      }
    }
    return { exporter };
  }

  database(name: string): DatabaseConfig {
    const value = this.raw(name);
    if (value === undefined) return { kind: 'sqlite' };
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problems.push(`${name} must look like mysql://user:password@host:3306/mpi (got "${value}")`);
      return { kind: 'sqlite' };
    }
    if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
      this.problems.push(`${name} must use the mysql:// scheme (MySQL or MariaDB); got "${url.protocol}"`);
      return { kind: 'sqlite' };
    }
    const prefix = url.pathname.replace(/^\//, '');
    if (!/^[A-Za-z0-9_]{1,40}$/.test(prefix)) {
      this.problems.push(
        `${name} must name a database prefix of letters, digits and _ (e.g. mysql://root@127.0.0.1:3306/mpi gives mpi_content, mpi_access, ...)`,
      );
    }
    return { kind: 'mysql', url };
  }
}
