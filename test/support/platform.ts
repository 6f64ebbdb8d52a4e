/**
 * Boots the real platform for a test file: four subgraphs and the gateway on free loopback ports,
 * over fresh databases (a temporary SQLite folder, or fresh MariaDB databases when DATABASE_URL is
 * set), with the sample data. Requests go over HTTP exactly as a frontend's would.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueLocalToken } from '../../platform/auth';
import { SUBGRAPH_NAMES, loadConfig, type PlatformConfig } from '../../platform/config';
import { databaseName, dropMysqlDatabase } from '../../subgraphs/common/database';
import { internalSecret } from '../../platform/service-auth';
import { requestTarget, signSubgraphRequest } from '../../platform/request-signature';
import { startPlatform, type RunningPlatform } from '../../scripts/platform';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestPlatform extends Omit<RunningPlatform, 'stop'> {
  config: PlatformConfig;
  /** Stops the servers; unless `keepData`, drops the databases and files too. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** A bearer token for a sample account. */
  token(login: string, ttlSeconds?: number): Promise<string>;
  /** Sends a query to the gateway, as `as` (a login) or anonymously. */
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: string,
  ): Promise<GraphQLResponse<T>>;
  /** Sends a query straight to a URL with an optional raw Authorization header. */
  post<T = Record<string, any>>(url: string, body: unknown, authorization?: string): Promise<GraphQLResponse<T>>;
  /** The same, signed with the internal secret as the gateway or a peer subgraph signs (a subgraph refuses it unsigned). */
  signedPost<T = Record<string, any>>(url: string, body: unknown, authorization?: string): Promise<GraphQLResponse<T>>;
  /** The signature headers of a POST of `body` (the exact JSON text) to `url`. */
  signature(url: string, body: string): Promise<Record<string, string>>;
}

/** `restartOf`: start again over the databases and files a stopped platform kept. */
export async function startTestPlatform(
  env: Record<string, string> = {},
  restartOf?: PlatformConfig,
): Promise<TestPlatform> {
  const config = restartOf ?? freshConfig(env);
  const dataDir = config.dataDir;
  const platform = await startPlatform(config, { ephemeralPorts: true });

  const signature = async (url: string, body: string) =>
    signSubgraphRequest(await internalSecret(config), { method: 'POST', path: requestTarget(url), body });
  const send = async <T>(
    url: string,
    body: unknown,
    authorization: string | undefined,
    signed: boolean,
  ): Promise<GraphQLResponse<T>> => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(signed ? await signature(url, text) : {}),
    };
    if (authorization) headers.authorization = authorization;
    const response = await fetch(url, { method: 'POST', headers, body: text });
    const json = (await response.json()) as GraphQLResponse<T>;
    return { ...json, status: response.status };
  };
  const post = <T>(url: string, body: unknown, authorization?: string) => send<T>(url, body, authorization, false);
  const token = (login: string, ttlSeconds?: number) => issueLocalToken(config, login, ttlSeconds);

  return {
    ...platform,
    config,
    token,
    post,
    signedPost: (url, body, authorization) => send(url, body, authorization, true),
    signature,
    async query<T>(query: string, variables: Record<string, unknown> = {}, as?: string) {
      return post<T>(platform.gatewayUrl, { query, variables }, as ? `Bearer ${await token(as)}` : undefined);
    },
    async stop(options: { keepData?: boolean } = {}) {
      await platform.stop();
      if (options.keepData) return;
      if (config.database.kind === 'mysql' && config.database.url) {
        for (const name of SUBGRAPH_NAMES) await dropMysqlDatabase(config.database.url, databaseName(config, name));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function freshConfig(env: Record<string, string>): PlatformConfig {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-test-'));
  const overrides: Record<string, string> = {
    DATA_DIR: dataDir,
    SAMPLE_DATA: 'true',
    LOG_LEVEL: 'error',
    NODE_ENV: 'test',
    // Test gateways run side by side: each scrape port is a free one.
    METRICS_PORT: '0',
    SCHEDULER_INTERVAL_MS: '200',
    // CPU-heavy steps on the event loop: a worker thread under ts-jest compiles the sources itself, which is
    // slow and was seen to fail to resolve a module once in CI. test/content/off-loop-work.test.ts runs the pool.
    WORKER_THREADS: '0',
    // Test platforms may share one Redis: each keeps its cache and changes to itself.
    REDIS_PREFIX: `mpitest-${crypto.randomBytes(4).toString('hex')}`,
    ...env,
  };
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    const prefix = url.pathname.replace(/^\//, '') || 'mpitest';
    url.pathname = `/${prefix}_${crypto.randomBytes(3).toString('hex')}`;
    overrides.DATABASE_URL = url.toString();
  }
  return loadConfig({ ...process.env, ...overrides });
}

/** The codes of a response's errors, for compact assertions. */
export function errorCodes(response: GraphQLResponse): string[] {
  return (response.errors ?? []).map((error) => String(error.extensions?.code));
}
