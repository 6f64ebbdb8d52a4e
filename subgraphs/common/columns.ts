/**
 * Column shapes that mean the same on SQLite and MariaDB, for entities and migrations alike.
 * Ids are UUID strings; timestamps are UTC with milliseconds.
 */
import type { TableColumnOptions } from 'typeorm';

export const ID_LENGTH = 36;

export const idColumn = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(ID_LENGTH),
  isPrimary: name === 'id',
});
export const refColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(ID_LENGTH),
  isNullable: nullable,
});
export const textColumn = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const longTextColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
export const timeColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
export const flagColumn = (name: string, fallback = false): TableColumnOptions => ({
  name,
  type: 'boolean',
  default: fallback ? 1 : 0,
});

/** Decorator options for the same shapes. */
export const ID = { type: 'varchar', length: ID_LENGTH } as const;
export const TIME = { type: 'datetime', precision: 3 } as const;
export const varchar = (length: number) => ({ type: 'varchar', length }) as const;
