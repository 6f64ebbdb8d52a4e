/**
 * The one place that opens a database. Each subgraph owns one database: a SQLite file under
 * DATA_DIR by default, or a MySQL/MariaDB database named `<prefix>_<subgraph>` when DATABASE_URL
 * is set. Migrations run on open; `synchronize` is never used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type Logger as TypeOrmLogger, type MixedList, type EntitySchema } from 'typeorm';
import { createConnection } from 'mysql2/promise';
import type { PlatformConfig, SubgraphName } from '../../platform/config';
import type { Logger } from '../../platform/logger';

export interface DatabaseOptions {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/** Counts the SQL statements a subgraph sends; tests use it to prove batching. */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  constructor(private readonly logger: Logger) {}
  logQuery(): void {
    this.count += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.error({ err: error, query }, 'SQL query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ time, query }, 'slow SQL query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

export function databaseName(config: PlatformConfig, subgraph: SubgraphName): string {
  const prefix = (config.database.url?.pathname ?? '/mpi').replace(/^\//, '');
  return `${prefix}_${subgraph}`;
}

export async function openDatabase(
  config: PlatformConfig,
  options: DatabaseOptions,
  log: Logger,
): Promise<{ dataSource: DataSource; queries: QueryCounter }> {
  const queries = new QueryCounter(log);
  const common = {
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: true,
    synchronize: false,
    logging: true as const,
    logger: queries,
    maxQueryExecutionTime: 1000,
  };
  let dataSource: DataSource;
  if (config.database.kind === 'mysql' && config.database.url) {
    const url = config.database.url;
    const database = databaseName(config, options.name);
    await ensureMysqlDatabase(url, database);
    dataSource = new DataSource({
      ...common,
      type: 'mysql',
      host: url.hostname,
      port: Number(url.port || 3306),
      username: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      database,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      extra: { connectionLimit: 10 },
    });
  } else {
    fs.mkdirSync(config.dataDir, { recursive: true });
    dataSource = new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: path.join(config.dataDir, `${options.name}.sqlite`),
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  await dataSource.initialize();
  return { dataSource, queries };
}

/** How long a readiness check waits for the database. */
const READINESS_MS = 2000;

/** Whether the database answers a trivial query in time (a subgraph's readiness, `/ready`). */
export async function databaseReadiness(db: DataSource): Promise<{ ready: boolean; database: 'ok' | 'unreachable' }> {
  if (!db.isInitialized) return { ready: false, database: 'unreachable' };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_MS)));
  const answered = db.query('SELECT 1').then(
    () => true,
    () => false,
  );
  const ready = await Promise.race([answered, late]).finally(() => clearTimeout(timer));
  return { ready, database: ready ? 'ok' : 'unreachable' };
}

/** Runs statements on the MySQL server itself (no database selected). */
async function onServer(url: URL, sql: string): Promise<void> {
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

function ensureMysqlDatabase(url: URL, database: string): Promise<void> {
  return onServer(
    url,
    `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
}

/** Drops a subgraph's MySQL database; used by tests to leave the server as they found it. */
export function dropMysqlDatabase(url: URL, database: string): Promise<void> {
  return onServer(url, `DROP DATABASE IF EXISTS \`${database}\``);
}

/** True when a write failed on a unique index, on SQLite and MySQL alike. */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; errno?: number } })?.driverError;
  const code = driverError?.code ?? (error as { code?: string })?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
