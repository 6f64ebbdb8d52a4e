/**
 * Per-request DataLoaders: every entity reference and cross-entity field goes through one, so a
 * list of any length costs one SQL query per entity type.
 */
import DataLoader from 'dataloader';

export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** The request's loader for `name`, made on first use. */
  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 }) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders rows to match the requested ids, `null` where a row is missing. */
export function inOrderOf<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Groups rows under the requested keys, an empty list where none match. */
export function groupedBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * The row a non-null field names by its key, which the database keeps there. Were it missing after all, the field
 * fails, as GraphQL fails a null in a non-null field (the schema's promise, which the compiler now checks).
 */
export async function existing<T>(row: Promise<T | null>): Promise<T> {
  const found = await row;
  if (found === null) throw new Error('A row that a non-null field names is missing.');
  return found;
}

/** The rows a non-null list names by their keys (`loadMany`): as `existing`, the field fails if one is missing. */
export async function existingAll<T>(rows: Promise<(T | Error | null)[]>): Promise<T[]> {
  return (await rows).map((row) => {
    if (row instanceof Error) throw row;
    if (row === null) throw new Error('A row that a non-null field names is missing.');
    return row;
  });
}
