/**
 * Relay-style cursor pagination (`first`/`after`) with keyset conditions on indexed columns:
 * never OFFSET, so page 1,000 costs what page 1 does.
 */
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { badInput } from '../../platform/errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type SortValue = string | number | Date;

/** One column of the sort order. The last key must be unique (the id) so the order is total. */
export interface SortKey<T> {
  /** `alias.column`, as written in SQL. */
  column: string;
  direction: 'ASC' | 'DESC';
  value(row: T): SortValue;
  date?: boolean;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}; got ${first}.`, 'first');
  }
  return first;
}

export function encodeCursor(values: SortValue[]): string {
  const plain = values.map((value) => (value instanceof Date ? value.toISOString() : value));
  return Buffer.from(JSON.stringify(plain)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, keys: SortKey<T>[]): SortValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const valid =
    Array.isArray(values) &&
    values.length === keys.length &&
    values.every((value, i) =>
      keys[i].date
        ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
        : ['string', 'number'].includes(typeof value),
    );
  if (!valid) throw badInput('"after" is not a cursor from this list; pass an endCursor you received.', 'after');
  return (values as (string | number)[]).map((value, i) => (keys[i].date ? new Date(value) : value));
}

/** Adds `(k1, k2, ...) > cursor` in the sort's own directions, as nested ORs the index can use. */
export function whereAfter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  keys: SortKey<T>[],
  cursor: SortValue[],
  tag = 'c',
): void {
  qb.andWhere(
    new Brackets((outer) => {
      keys.forEach((_, i) => {
        outer.orWhere(
          new Brackets((inner) => {
            for (let j = 0; j < i; j += 1) inner.andWhere(`${keys[j].column} = :${tag}${j}`);
            const op = keys[i].direction === 'DESC' ? '<' : '>';
            inner.andWhere(`${keys[i].column} ${op} :${tag}${i}`);
          }),
        );
      });
    }),
  );
  qb.setParameters(Object.fromEntries(cursor.map((value, i) => [`${tag}${i}`, value])));
}

export function toConnection<T>(rows: T[], keys: SortKey<T>[], size: number): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keys.map((key) => key.value(node))) }));
  return {
    edges,
    nodes: page,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** One page of a single list. */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  keys: SortKey<T>[],
  args: PageArgs,
): Promise<Connection<T>> {
  const size = pageSize(args.first);
  if (args.after) whereAfter(qb, keys, decodeCursor(args.after, keys));
  keys.forEach((key, i) =>
    i === 0 ? qb.orderBy(key.column, key.direction) : qb.addOrderBy(key.column, key.direction),
  );
  // LIMIT, not TypeORM's take(): no query here joins a mapped collection, and take() would wrap joins in DISTINCT.
  const rows = await qb.limit(size + 1).getMany();
  return toConnection(rows, keys, size);
}

/**
 * The same page for many parents at once (e.g. the latest documents of each of 50 channels):
 * one ranked query picks the ids per parent, one more loads them. Two queries whatever the count.
 */
export async function paginateGroups<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  groupColumn: string,
  parentIds: readonly string[],
  keys: SortKey<T>[],
  args: PageArgs,
): Promise<Connection<T>[]> {
  const size = pageSize(args.first);
  const alias = qb.alias;
  const ranked = qb.clone().andWhere(`${groupColumn} IN (:...parentIds)`, { parentIds });
  if (args.after) whereAfter(ranked, keys, decodeCursor(args.after, keys));
  const order = keys.map((key) => `${key.column} ${key.direction}`).join(', ');
  ranked
    .select(`${alias}.id`, 'ranked_id')
    .addSelect(groupColumn, 'ranked_group')
    .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${groupColumn} ORDER BY ${order})`, 'ranked_rn');
  const [sql, parameters] = ranked.getQueryAndParameters();
  const picked: { ranked_id: string; ranked_group: string; ranked_rn: number | string }[] = await qb.connection.query(
    `SELECT ranked_id, ranked_group, ranked_rn FROM (${sql}) ranked WHERE ranked_rn <= ${size + 1}`,
    parameters,
  );
  const ids = picked.map((row) => row.ranked_id);
  const rows = ids.length === 0 ? [] : await qb.clone().andWhere(`${alias}.id IN (:...ids)`, { ids }).getMany();
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Keep the database's order (its collation), not a re-sort in JavaScript.
  picked.sort((a, b) => Number(a.ranked_rn) - Number(b.ranked_rn));
  const pages = new Map<string, T[]>(parentIds.map((id) => [id, []]));
  for (const row of picked) {
    const entity = byId.get(row.ranked_id);
    if (entity) pages.get(String(row.ranked_group))?.push(entity);
  }
  return parentIds.map((parentId) => toConnection(pages.get(parentId) ?? [], keys, size));
}
