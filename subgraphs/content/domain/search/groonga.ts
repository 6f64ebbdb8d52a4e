/**
 * Search on MariaDB at city scale: Groonga, the full-text engine MariaDB loads as its Mroonga
 * storage engine (Debian's `mariadb-plugin-mroonga`), used wherever the server has it.
 *
 * Why: InnoDB's FULLTEXT ranks every match of a boolean query before any LIMIT, so a common word
 * costs ~650 ms at 1M documents however few results are asked for. Groonga keeps only the best
 * `LIMIT` rows while it scores (Mroonga's ORDER BY … LIMIT optimisation): ~20 ms (bench/RESULTS.md).
 *
 * How it stays in step: Mroonga tables are not transactional, so the act's transaction writes
 * `document_search` (InnoDB) as before and puts the document's id in the outbox (topic `search`).
 * After the commit the relay copies that row (or its absence) into `document_search_groonga`. A
 * rolled-back act leaves nothing behind; a crash between commit and copy is retried by the relay;
 * `npm run search:rebuild` copies everything again. The words are those of `document_search`
 * (folded, with base forms, title repeated to weigh more), so the Polish handling does not move.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { enqueue, type OutboxHandler } from '../../../common/outbox';
import { rankOrder, type SearchHit, type SearchOptions, type SearchWord } from '.';
import { championPage } from './champion-page';
import { trimChampions } from './champions';

export const SEARCH_TOPIC = 'search';
const TABLE = 'document_search_groonga';
/** Whether this server can hold the Groonga table (the Mroonga plugin is loaded). */
export async function groongaAvailable(db: DataSource | EntityManager): Promise<boolean> {
  const rows = (await db.query(
    "SELECT 1 FROM information_schema.ENGINES WHERE ENGINE = 'Mroonga' AND SUPPORT IN ('YES', 'DEFAULT')",
  )) as unknown[];
  return rows.length > 0;
}

const inUse = new WeakMap<DataSource, Promise<boolean>>();

/** Whether search on this database goes to Groonga: the plugin is loaded and its table exists. */
export function groongaInUse(db: DataSource): Promise<boolean> {
  let known = inUse.get(db);
  if (!known) {
    known = (async () => {
      if (!(await groongaAvailable(db))) return false;
      const rows = (await db.query(
        "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND ENGINE = 'Mroonga'",
        [TABLE],
      )) as unknown[];
      return rows.length > 0;
    })();
    inUse.set(db, known);
  }
  return known;
}

/**
 * Creates the Groonga table if the server has the plugin and the table is missing; false when the
 * server has no Mroonga (search then stays on InnoDB). Words are separated by spaces and already
 * folded to [a-z0-9], so the tokenizer only splits on spaces.
 */
export async function ensureGroongaTable(db: DataSource | EntityManager): Promise<boolean> {
  if (!(await groongaAvailable(db))) return false;
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (
       documentId varchar(36) NOT NULL PRIMARY KEY,
       channelId varchar(36) NOT NULL,
       publishedAt datetime(3) NOT NULL,
       title mediumtext NOT NULL,
       body mediumtext NOT NULL,
       FULLTEXT INDEX words (title, body) COMMENT 'tokenizer "TokenDelimit", normalizer "NormalizerAuto"'
     ) ENGINE=Mroonga DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  );
  if ('options' in db) inUse.delete(db);
  return true;
}

/** In the act's transaction: these documents' rows in `document_search` changed; copy them after commit. */
export async function enqueueCopy(tx: EntityManager, documentIds: string[]): Promise<void> {
  if (documentIds.length && (await groongaInUse(tx.connection))) await enqueue(tx, SEARCH_TOPIC, { documentIds });
}

/**
 * The channel as a word of the body: Groonga keeps the top k only when the query is full text
 * alone (no other condition, order by relevance and a date), so "in this channel" is a required word.
 * Every document of the channel has it once, so it moves no document ahead of another.
 */
const channelWord = (channelId: string) => `kanal${channelId.replace(/-/g, '')}`;

interface Row {
  documentId: string;
  channelId: string;
  publishedAt: Date;
  title: string;
  body: string;
}

/**
 * Reads rows of `document_search` and writes them to Groonga in two statements, not one
 * INSERT … SELECT: that would lock the InnoDB rows it reads against the acts writing them.
 */
async function copyRows(db: DataSource | EntityManager, where: string, parameters: unknown[]): Promise<Row[]> {
  const rows = (await db.query(
    `SELECT documentId, channelId, publishedAt, title, body FROM document_search WHERE ${where}`,
    parameters,
  )) as Row[];
  if (rows.length) {
    await db.query(
      `REPLACE INTO ${TABLE} (documentId, channelId, publishedAt, title, body) VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((row) => [
        row.documentId,
        row.channelId,
        row.publishedAt,
        row.title,
        `${row.body} ${channelWord(row.channelId)}`,
      ]),
    );
  }
  return rows;
}

/** Makes the Groonga rows of these documents what `document_search` holds for them now. */
export async function copyToGroonga(db: DataSource | EntityManager, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) return;
  const marks = documentIds.map(() => '?').join(', ');
  const present = new Set((await copyRows(db, `documentId IN (${marks})`, documentIds)).map((row) => row.documentId));
  const gone = documentIds.filter((id) => !present.has(id));
  if (gone.length) await db.query(`DELETE FROM ${TABLE} WHERE documentId IN (${gone.map(() => '?').join(', ')})`, gone);
}

/**
 * Copies all of `document_search` (after a rebuild, a bulk load or the migration), in batches by
 * id, then drops what it no longer holds. Search keeps answering from the copy while it runs.
 */
export async function copyAllToGroonga(
  db: DataSource | EntityManager,
  progress: (copied: number) => void = () => undefined,
): Promise<number> {
  let copied = 0;
  for (let after = ''; ;) {
    const rows = await copyRows(db, 'documentId > ? ORDER BY documentId LIMIT 2000', [after]);
    if (rows.length === 0) break;
    copied += rows.length;
    after = rows[rows.length - 1].documentId;
    progress(copied);
  }
  const stale = (await db.query(
    `SELECT documentId FROM ${TABLE} WHERE documentId NOT IN (SELECT documentId FROM document_search)`,
  )) as Row[];
  for (let i = 0; i < stale.length; i += 1000) {
    const ids = stale.slice(i, i + 1000).map((row) => row.documentId);
    await db.query(`DELETE FROM ${TABLE} WHERE documentId IN (${ids.map(() => '?').join(', ')})`, ids);
  }
  return copied;
}

/** The relay's delivery of topic `search`. */
export function groongaDelivery(db: DataSource): OutboxHandler {
  return async (messages) => {
    const ids = messages.flatMap((message) => (JSON.parse(message.payload) as { documentIds: string[] }).documentIds);
    const documentIds = [...new Set(ids)];
    await copyToGroonga(db, documentIds);
    await trimChampions(db, documentIds);
  };
}

/** The most words a typed prefix stands for (the most frequent ones), as people type "utrudn". */
const PREFIX_TERMS = 100;

/**
 * How often each word occurs in the index, from Groonga's lexicon (`<table>#words`, its index
 * column counts postings): the words given, and the words that start with each prefix given.
 * Null where the server has no `mroonga_command` (the plugin installed without its functions).
 */
async function lexicon(db: DataSource, exact: string[], prefixes: string[]): Promise<Map<string, number> | null> {
  // Words are folded to [a-z0-9]: nothing in them is Groonga syntax.
  const query = [...exact.map((term) => `_key:${term}`), ...prefixes.map((prefix) => `_key:^${prefix}`)].join(' OR ');
  const command = `select ${TABLE}#words --query "${query}" --output_columns _key,index --limit ${exact.length + prefixes.length * 5000}`;
  let answer: string;
  try {
    [{ answer }] = (await db.query('SELECT mroonga_command(?) AS answer', [command])) as { answer: string }[];
  } catch {
    return null;
  }
  const [[, , ...rows]] = JSON.parse(answer) as [[unknown, unknown, ...[string, number][]]];
  return new Map(rows);
}

/** A word of a query as Groonga's terms (any one of them, required) and their postings in all. */
interface TermGroup {
  terms: string[];
  count: number;
}

/**
 * Groonga's boolean query: every word required, as written, as any base form or, for the word
 * typed last, as any word it starts. Two things Groonga's syntax does its own way are avoided:
 * a `*` prefix makes the words after it prefixes too, so prefixes are spelled out from the lexicon;
 * and words are matched in the order given, each against the matches so far, so the rarest goes
 * first ("123457 komunikat": 15 ms; "komunikat 123457": 200 ms at 1M documents). `match` is null
 * when some word occurs nowhere: nothing can match. `groups` and `counts` (the lexicon's) are
 * null where the server has no lexicon to ask.
 */
export async function groongaMatch(
  db: DataSource,
  words: SearchWord[],
  channelId?: string | null,
): Promise<{ match: string | null; groups: TermGroup[] | null; counts: Map<string, number> | null }> {
  const exact = words.flatMap((w) => (w.prefix ? w.forms : [w.word, ...w.forms]));
  const channel = channelId ? channelWord(channelId) : null;
  const counts = await lexicon(
    db,
    channel ? [...exact, channel] : exact,
    words.filter((w) => w.prefix).map((w) => w.word),
  );
  if (!counts) return { match: fallbackMatch(words, channel), groups: null, counts: null };
  const groups: TermGroup[] = words.map((w) => {
    const started = w.prefix
      ? [...counts]
          .filter(([term]) => term.startsWith(w.word))
          .sort((a, b) => b[1] - a[1])
          .slice(0, PREFIX_TERMS)
          .map(([term]) => term)
      : [];
    const terms = [...new Set([...(w.prefix ? [] : [w.word]), ...w.forms, ...started])].filter((term) =>
      counts.has(term),
    );
    return { terms, count: terms.reduce((sum, term) => sum + (counts.get(term) ?? 0), 0) };
  });
  if (channel) groups.push({ terms: counts.has(channel) ? [channel] : [], count: counts.get(channel) ?? 0 });
  if (groups.some((group) => group.terms.length === 0)) return { match: null, groups, counts };
  groups.sort((a, b) => a.count - b.count);
  const match = groups.map(({ terms }) => (terms.length === 1 ? `+${terms[0]}` : `+(${terms.join(' ')})`)).join(' ');
  return { match, groups, counts };
}

/** Without the lexicon: the typed prefix as Groonga's `*`, last (so no other word becomes a prefix). */
function fallbackMatch(words: SearchWord[], channel: string | null): string {
  const ordered = [...words.filter((w) => !w.prefix), ...words.filter((w) => w.prefix)];
  const alternatives = (w: SearchWord) => [...w.forms, `${w.word}${w.prefix ? '*' : ''}`];
  const terms = ordered.map((w) => (w.forms.length ? `+(${alternatives(w).join(' ')})` : `+${alternatives(w)[0]}`));
  return [...(channel ? [`+${channel}`] : []), ...terms].join(' ');
}

/**
 * Groonga orders by relevance and publication time (it keeps the top k only for such an order);
 * documents equal in both are put in id order here, within the stretch asked for.
 */
export async function findInGroonga(
  db: DataSource,
  words: SearchWord[],
  { channelId, offset, limit }: SearchOptions,
  { champions = true }: { champions?: boolean } = {},
): Promise<SearchHit[]> {
  const { match, groups, counts } = await groongaMatch(db, words, channelId);
  if (match === null) return [];
  // One very common word: its champion list gives the page without scoring every match (champions.ts).
  if (champions && groups?.length === 1 && counts) {
    const page = await championPage(db, groups[0].terms, counts, { offset, limit });
    if (page) return page;
  }
  const relevance = 'MATCH(title, body) AGAINST (? IN BOOLEAN MODE)';
  // Groonga's "match escalation" would turn a word found nowhere into a prefix or infix search.
  const rows = (await db.query(
    `SET STATEMENT mroonga_match_escalation_threshold = -1 FOR
     SELECT documentId, publishedAt, ${relevance} AS score FROM ${TABLE}
     WHERE ${relevance} ORDER BY ${relevance} DESC, publishedAt DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
    [match, match, match],
  )) as { documentId: string; score: number; publishedAt: Date }[];
  const hits = rows.map((row) => ({
    documentId: row.documentId,
    score: Number(row.score),
    publishedAt: row.publishedAt,
  }));
  return hits.sort(rankOrder);
}
