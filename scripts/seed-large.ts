/**
 * `npm run seed:large -- --count 1000000`: tops the content database up to COUNT generated,
 * published documents spread over five years, channels, units and tags, with their search index
 * rows (indexed as any published document is), for benchmarks (bench/). Run it against MariaDB
 * with DATABASE_URL set (SQLite works too).
 * Generated documents have no revision rows: they exist to measure feeds and search.
 */
import 'reflect-metadata';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../subgraphs/common/database';
import { createLogger } from '../platform/logger';
import { sampleId } from '../subgraphs/common/sample';
import { content } from '../subgraphs/content';
import { Document, DocumentTag } from '../subgraphs/content/entities/document';
import { NO_SCHEDULE } from '../subgraphs/content/domain/documents';
import { searchIndexFor, searchableText, type IndexedText } from '../subgraphs/content/domain/search';

const CHANNELS: [string, string][] = [
  ['portal', 'wks'],
  ['info', 'wks'],
  ['kultura-web', 'kultura'],
  ['edukacja-web', 'edukacja'],
  ['zdmk-web', 'zdmk'],
  ['bip', 'won'],
  ['facebook', 'wks'],
];
const SUBJECTS = [
  'Remont',
  'Koncert',
  'Konkurs',
  'Spotkanie',
  'Utrudnienia',
  'Festiwal',
  'Nabór',
  'Komunikat',
  'Wystawa',
  'Konsultacje',
  'Dotacje',
  'Sesja',
];
const PLACES = [
  'Kraków',
  'Nowa Huta',
  'Podgórze',
  'Kazimierz',
  'Krowodrza',
  'Bronowice',
  'Łagiewniki',
  'Zabłocie',
  'Prądnik Biały',
  'Dębniki',
  'Bieżanów',
  'Czyżyny',
];
const TOPICS = ['kultura', 'drogi', 'edukacja', 'zieleń', 'komunikacja', 'sport', 'zdrowie', 'budżet'];
const FIVE_YEARS = 5 * 365 * 86_400_000;
const BATCH = 1000;

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const target = Number(argument('count', '1000000'));
  if (!Number.isInteger(target) || target < 1) throw new Error('--count must be a positive whole number');
  const config = loadConfig({ ...process.env, SAMPLE_DATA: 'false' });
  const { dataSource: db } = await openDatabase(config, content, createLogger('seed-large', 'warn'));
  const sqlite = db.options.type === 'better-sqlite3';
  const index = searchIndexFor(db);
  const existing = await db
    .getRepository(Document)
    .createQueryBuilder('d')
    .where('d.slug LIKE :p', { p: 'gen-%' })
    .getCount();
  console.log(`${existing} generated documents present; adding ${Math.max(0, target - existing)}`);
  const end = Date.UTC(2026, 10, 1);
  const started = Date.now();
  for (let from = existing; from < target; from += BATCH) {
    const rows: (Omit<Document, 'status' | 'kind'> & {
      status: 'PUBLISHED';
      kind: 'NEWS';
      topic: string;
      text: IndexedText;
    })[] = [];
    for (let i = from; i < Math.min(from + BATCH, target); i += 1) {
      const [channel, unit] = CHANNELS[i % CHANNELS.length];
      const subject = SUBJECTS[(i * 7) % SUBJECTS.length];
      const place = PLACES[(i * 13) % PLACES.length];
      const topic = TOPICS[(i * 3) % TOPICS.length];
      const publishedAt = new Date(end - ((i * 7919) % FIVE_YEARS));
      const title = `${subject}: ${place} – komunikat nr ${i}`;
      const body = `<p>${subject} w dzielnicy ${place}. Informacja nr ${i} dotyczy tematu ${topic}.</p><p>Szczegóły u komórki odpowiedzialnej.</p>`;
      rows.push({
        id: sampleId(`generated:${i}`),
        channelId: sampleId(`channel:${channel}`),
        sectionId: null,
        responsibleUnitId: sampleId(`unit:${unit}`),
        preparedByPersonId: null,
        title,
        slug: `gen-${i}`,
        lead: null,
        body,
        kind: 'NEWS' as const,
        language: 'pl',
        status: 'PUBLISHED' as const,
        occurredAt: new Date(publishedAt.getTime() - ((i % 48) + 1) * 3_600_000),
        publishedAt,
        enteredByAccountId: null,
        enteredByPersonId: null,
        publishedByPersonId: null,
        lastModifiedByPersonId: null,
        revision: 1,
        ...NO_SCHEDULE,
        createdAt: publishedAt,
        updatedAt: publishedAt,
        topic,
        text: searchableText({ title, lead: null, body, tags: [topic] }),
      });
    }
    await db.transaction(async (tx) => {
      // SQLite binds at most 32,766 parameters per statement: smaller statements there.
      const size = sqlite ? 100 : BATCH;
      for (let i = 0; i < rows.length; i += size) {
        const chunk = rows.slice(i, i + size);
        await tx
          .createQueryBuilder()
          .insert()
          .into(Document)
          .values(chunk.map(({ topic: _t, text: _x, ...doc }) => doc))
          .execute();
        await tx
          .createQueryBuilder()
          .insert()
          .into(DocumentTag)
          .values(chunk.map((r) => ({ documentId: r.id, tag: r.topic, publishedAt: r.publishedAt })))
          .execute();
        await index.putMany(
          tx,
          chunk.map((r) => ({ documentId: r.id, text: r.text })),
        );
      }
    });
    if ((from / BATCH) % 50 === 0)
      console.log(`${from + rows.length} / ${target}  (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  // Groonga's copy of the index and the champion lists beside it, where MariaDB has it (domain/search/groonga.ts).
  await index.settle(db, (n) => n % 100_000 === 0 && console.log(`${n} copied to the search engine`));
  await db.destroy();
  console.log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
