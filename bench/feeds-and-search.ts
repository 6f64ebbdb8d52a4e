/**
 * `npm run bench`: latency of public feeds and full-text search through the gateway, over the
 * database DATABASE_URL names (load it first with `npm run seed:large`). Prints p50 and p95 of
 * sequential requests per query. Talks only to servers it starts on loopback.
 */
import 'reflect-metadata';
import { loadConfig } from '../platform/config';
import { sampleId } from '../subgraphs/common/sample';
import { startPlatform } from '../scripts/platform';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

async function measure(
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ p50: number; p95: number; rows: number }> {
  let rows = 0;
  for (let i = 0; i < 5; i += 1) rows = JSON.stringify(await post(url, query, variables)).length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    await post(url, query, variables);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(RUNS * 0.5)], p95: times[Math.min(RUNS - 1, Math.floor(RUNS * 0.95))], rows };
}

async function main(): Promise<void> {
  // The database's own cost: the gateway's response cache would answer every repeat (RESPONSE_CACHE=on to see it).
  // Every request comes from this one address: the anonymous rate limit is set too high to refuse any of them.
  const config = loadConfig({
    RESPONSE_CACHE: 'off',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000000',
    ...process.env,
    SAMPLE_DATA: 'true',
    LOG_LEVEL: 'error',
  });
  const platform = await startPlatform(config, { ephemeralPorts: true });
  const url = platform.gatewayUrl;
  try {
    const count = await platform.subgraphs.content.db.query('SELECT COUNT(*) AS n FROM document');
    const FEED =
      'query($c: ID, $t: String, $after: String) { documents(channelId: $c, tag: $t, first: 20, after: $after) { nodes { title publishedAt responsibleUnit { name } channel { name } } pageInfo { endCursor } } }';
    const SEARCH =
      'query($q: String!, $after: String) { search(query: $q, first: 20, after: $after) { nodes { title publishedAt } pageInfo { endCursor } } }';
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const data: Record<string, any> = await post(url, FEED, { c: sampleId('channel:portal'), after });
      after = data.documents.pageInfo.endCursor;
    }
    let searchAfter: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const data: Record<string, any> = await post(url, SEARCH, { q: 'krakow', after: searchAfter });
      searchAfter = data.search.pageInfo.endCursor;
    }
    const cases: [string, string, Record<string, unknown>][] = [
      ['feed: all channels, first page', FEED, {}],
      ['feed: one channel, first page', FEED, { c: sampleId('channel:portal') }],
      ['feed: one channel, page 51 (cursor)', FEED, { c: sampleId('channel:portal'), after }],
      ['feed: by tag', FEED, { t: 'kultura' }],
      ['search: "krakow" (many matches)', SEARCH, { q: 'krakow' }],
      ['search: "krakow", page 6 (cursor)', SEARCH, { q: 'krakow', after: searchAfter }],
      ['search: "konkurs bronowice"', SEARCH, { q: 'konkurs bronowice' }],
      ['search: "komunikat 123457" (one match)', SEARCH, { q: 'komunikat 123457' }],
    ];
    const cache = config.responseCache ? 'response cache on' : 'response cache off';
    console.log(
      `\n${config.database.kind}, ${Number(count[0].n)} documents, ${RUNS} sequential requests each, through the gateway, ${cache}\n`,
    );
    console.log('| query | p50 ms | p95 ms |\n|---|---|---|');
    for (const [name, query, variables] of cases) {
      const { p50, p95 } = await measure(url, query, variables);
      console.log(`| ${name} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`);
    }
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
