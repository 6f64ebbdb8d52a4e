/**
 * Field usage (issue 14): the gateways count which schema coordinates (`Type.field`) each client's operations use,
 * per day, and send their counts here, where they are added up. The editorial office reads them to decide what may
 * change or go: who used a field over a period (schemaUsage), and which fields nobody used since a day (unusedFields).
 *
 * The list of every field is the API schema of the composed supergraph the deployment runs (SUPERGRAPH_PATH, the
 * file the gateway serves and manifests are validated against): no gateway has to send it, and the answer is the same
 * whichever replica asks.
 */
import fs from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { In, type DataSource } from 'typeorm';
import { COORDINATE, interfaceCoordinates, schemaFields } from '../../../platform/schema-coordinates';
import { assertHolds } from '../../common/authority';
import type { Caller } from '../../common/caller';
import { badInput } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { FieldUsageCount } from '../entities/field-usage';
import { Partner } from '../entities/partner';
import { apiSchemaOf } from './partners';

export const CLIENT_KINDS = ['PARTNER', 'FRONTEND', 'ANONYMOUS'] as const;

/** One count as a gateway replica sends it (checked: the kind is one of CLIENT_KINDS). */
export interface FieldUsageEntry {
  day: string;
  clientKind: string;
  clientName: string;
  clientVersion: string;
  coordinate: string;
  count: number;
}

/** A client as the editorial office reads it: a partner with its record, a frontend by name and version, anonymous. */
export interface ApiClient {
  kind: (typeof CLIENT_KINDS)[number];
  name: string | null;
  version: string | null;
  partner: Partner | null;
}

export interface ClientUsage {
  client: ApiClient;
  count: number;
  lastUsedOn: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LONGEST_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;
/** Rows per INSERT: 6 values each. */
const ROWS_PER_STATEMENT = 100;

const today = () => new Date().toISOString().slice(0, 10);

/** A calendar day written YYYY-MM-DD, or BAD_USER_INPUT naming the argument. */
export function calendarDay(value: string, argument: string): string {
  const at = DAY.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) {
    throw badInput(`"${argument}" must be a day written YYYY-MM-DD, e.g. 2026-11-01 (got "${value}").`, argument);
  }
  return value;
}

/** A period of whole days (UTC), `from` to `to` inclusive, at most a year long. */
export function period(from: string, to: string): { from: string; to: string } {
  calendarDay(from, 'from');
  calendarDay(to, 'to');
  if (from > to) throw badInput(`"from" (${from}) is after "to" (${to}): give the first day, then the last.`, 'from');
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > LONGEST_PERIOD_DAYS)
    throw badInput(`A period is at most ${LONGEST_PERIOD_DAYS} days (asked: ${days}); ask a year at a time.`, 'to');
  return { from, to };
}

/** The API schema of the supergraph the deployment runs. */
export function servedApiSchema(supergraphPath: string): GraphQLSchema {
  return apiSchemaOf(fs.readFileSync(supergraphPath, 'utf8'));
}

function assertReadsUsage(caller: Caller): void {
  assertHolds(caller, 'EDITORIAL_OFFICE_MEMBER', 'read how clients use the API');
}

function checkEntry(e: FieldUsageEntry): void {
  const fits = (text: string, max: number) => typeof text === 'string' && text.length <= max;
  if (
    !DAY.test(e.day) ||
    !(CLIENT_KINDS as readonly string[]).includes(e.clientKind) ||
    !COORDINATE.test(e.coordinate) ||
    e.coordinate.length > 200
  ) {
    throw badInput(`A field usage entry is malformed: ${JSON.stringify(e)}.`, 'entries');
  }
  if (!fits(e.clientName, 100) || !fits(e.clientVersion, 50) || !Number.isInteger(e.count) || e.count < 1) {
    throw badInput(`A field usage entry is malformed: ${JSON.stringify(e)}.`, 'entries');
  }
}

/** Adds the counts of a gateway replica (each sends its own increments): one atomic upsert per hundred rows. */
export async function recordFieldUsage(db: DataSource, entries: FieldUsageEntry[]): Promise<number> {
  entries.forEach(checkEntry);
  const sqlite = db.options.type === 'better-sqlite3';
  const key = 'coordinate, day, clientKind, clientName, clientVersion';
  const columns = `(${key}, count)`;
  const addUp = sqlite
    ? `ON CONFLICT (${key}) DO UPDATE SET count = count + excluded.count`
    : 'ON DUPLICATE KEY UPDATE count = count + VALUES(count)';
  return inTransaction(db, async (tx) => {
    for (let at = 0; at < entries.length; at += ROWS_PER_STATEMENT) {
      const rows = entries.slice(at, at + ROWS_PER_STATEMENT);
      const values = rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
      const parameters = rows.flatMap((e) => [
        e.coordinate,
        e.day,
        e.clientKind,
        e.clientName,
        e.clientVersion,
        e.count,
      ]);
      await tx.query(`INSERT INTO field_usage ${columns} VALUES ${values} ${addUp}`, parameters);
    }
    return entries.length;
  });
}

/** Which clients used `coordinate` from `from` to `to` (days, inclusive), most first. For the editorial office. */
export async function schemaUsage(
  db: DataSource,
  caller: Caller,
  schema: GraphQLSchema,
  args: { coordinate: string; from: string; to: string },
): Promise<ClientUsage[]> {
  assertReadsUsage(caller);
  const coordinate = args.coordinate.trim();
  if (!COORDINATE.test(coordinate)) {
    throw badInput(`Write the field as Type.field, e.g. Document.lead (got "${args.coordinate}").`, 'coordinate');
  }
  if (!schemaFields(schema).has(coordinate)) {
    throw badInput(
      `The API has no field ${coordinate}: write Type.field as the schema names them, e.g. Document.lead.`,
      'coordinate',
    );
  }
  const { from, to } = period(args.from, args.to);
  const rows: { kind: string; name: string; version: string; count: string | number; lastDay: string }[] = await db
    .getRepository(FieldUsageCount)
    .createQueryBuilder('u')
    .select('u.clientKind', 'kind')
    .addSelect('u.clientName', 'name')
    .addSelect('u.clientVersion', 'version')
    .addSelect('SUM(u.count)', 'count')
    .addSelect('MAX(u.day)', 'lastDay')
    .where('u.coordinate = :coordinate AND u.day BETWEEN :from AND :to', { coordinate, from, to })
    .groupBy('u.clientKind')
    .addGroupBy('u.clientName')
    .addGroupBy('u.clientVersion')
    .getRawMany();
  const partnerIds = rows.filter((r) => r.kind === 'PARTNER').map((r) => r.name);
  const partners = partnerIds.length ? await db.getRepository(Partner).findBy({ id: In(partnerIds) }) : [];
  return rows
    .map((r) => {
      const partner = r.kind === 'PARTNER' ? (partners.find((p) => p.id === r.name) ?? null) : null;
      const name = r.kind === 'ANONYMOUS' ? null : (partner?.name ?? r.name);
      const client: ApiClient = { kind: r.kind as ApiClient['kind'], name, version: r.version || null, partner };
      return { client, count: Number(r.count), lastUsedOn: r.lastDay };
    })
    .sort((a, b) => b.count - a.count || (a.client.name ?? '').localeCompare(b.client.name ?? ''));
}

/**
 * The fields of the API no client used from `since` to today, sorted. A field of a type counts as used when it was
 * selected on an interface the type implements (`Node.id` reaches `Document.id`). For the editorial office.
 */
export async function unusedFields(
  db: DataSource,
  caller: Caller,
  schema: GraphQLSchema,
  since: string,
): Promise<string[]> {
  assertReadsUsage(caller);
  calendarDay(since, 'since');
  if (since > today())
    throw badInput(`"since" (${since}) is after today (${today()}, UTC): nothing can have been used yet.`, 'since');
  const rows: { coordinate: string }[] = await db
    .getRepository(FieldUsageCount)
    .createQueryBuilder('u')
    .select('DISTINCT u.coordinate', 'coordinate')
    .where('u.day >= :since', { since })
    .getRawMany();
  const used = new Set(rows.map((r) => r.coordinate));
  return [...schemaFields(schema).keys()]
    .filter((c) => !used.has(c) && !interfaceCoordinates(schema, c).some((i) => used.has(i)))
    .sort();
}
