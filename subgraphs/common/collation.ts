/**
 * One sort order for names on SQLite and MariaDB alike. SQLite compares bytes ("Ł" after "Z"),
 * MariaDB by its collation; lists sorted by name use this folded key instead, so "Łukasz" sorts
 * with the L's on both.
 */
export function sortKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 200);
}
