/**
 * One way to compare Polish text on SQLite and MariaDB alike. SQLite compares bytes ("Ł" after
 * "Z"), MariaDB by its collation: lists sorted by name use the folded key instead, so "Łukasz"
 * sorts with the L's on both, and search folds text the same way, so "krakow" finds "Kraków".
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function sortKey(text: string): string {
  return fold(text).slice(0, 200);
}
