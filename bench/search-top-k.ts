/**
 * `npm run bench:search-top-k`: one-word searches on MariaDB with Groonga, in the engine (no gateway),
 * answered by the full Groonga query and with champion lists (subgraphs/content/domain/search/champions.ts):
 * whether the lists answered, whether the hits are identical (ids, scores, times, order), and p50 of
 * each, for the first page and for page 6 as results.ts asks for it. Over DATABASE_URL after
 * `npm run seed:large`.
 */
import 'reflect-metadata';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openDatabase } from '../subgraphs/common/database';
import { content } from '../subgraphs/content';
import { searchWords, type SearchHit } from '../subgraphs/content/domain/search';
import { championPage } from '../subgraphs/content/domain/search/champion-page';
import { findInGroonga, groongaInUse, groongaMatch } from '../subgraphs/content/domain/search/groonga';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WORDS = ['krakow', 'krakowie', 'dotacje', 'konsultacje', 'utrudnienia', 'komunikat', 'kultura', 'kon'];
const STRETCHES = [
  { name: 'page 1', offset: 0, limit: 21 },
  { name: 'page 6', offset: 80, limit: 61 },
];

async function p50(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const key = (hits: SearchHit[]) =>
  JSON.stringify(hits.map((hit) => [hit.documentId, Number(hit.score), hit.publishedAt.getTime()]));

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, SAMPLE_DATA: 'false' });
  const { dataSource: db } = await openDatabase(config, content, createLogger('bench', 'warn'));
  try {
    if (!(await groongaInUse(db))) throw new Error('Needs MariaDB with Groonga (Mroonga) and a seeded database.');
    const [{ n }] = (await db.query('SELECT COUNT(*) AS n FROM document_search_groonga')) as { n: number }[];
    console.log(`\n${Number(n)} documents indexed, ${RUNS} runs each, in the engine\n`);
    console.log(
      '| word | stretch | from lists | same hits | full query p50 ms | with lists p50 ms |\n|---|---|---|---|---:|---:|',
    );
    for (const word of WORDS) {
      const words = searchWords(word);
      for (const { name, ...stretch } of STRETCHES) {
        const { groups, counts } = await groongaMatch(db, words);
        const listed = groups?.length === 1 && counts && (await championPage(db, groups[0].terms, counts, stretch));
        const full = () => findInGroonga(db, words, stretch, { champions: false });
        const fast = () => findInGroonga(db, words, stretch);
        const same = key(await full()) === key(await fast());
        const [slow, quick] = [await p50(full), await p50(fast)];
        console.log(
          `| ${word} | ${name} | ${listed ? 'yes' : 'no'} | ${same ? 'yes' : 'NO'} | ${slow.toFixed(1)} | ${quick.toFixed(1)} |`,
        );
      }
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
