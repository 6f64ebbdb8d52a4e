/**
 * Issue 14, part 2: live updates across gateway replicas. With REDIS_URL every replica hears every live event
 * through Redis pub/sub, in the same order and under the same ids, and keeps a bounded window of them: a client
 * whose replica dies reconnects to another with the id of the last event it saw (Last-Event-ID) and gets what it
 * missed, then the rest live.
 */
import { createClient, type Client } from 'graphql-sse';
import { startGateway, type RunningGateway } from '../../gateway';
import { channel, cultureDocument } from '../support/documents';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const PUBLISHED = 'subscription($channelId: ID) { documentPublished(channelId: $channelId) { title } }';

interface Result {
  data?: { documentPublished: { title: string } } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { eventId?: string };
}

/** Subscribes anonymously to kultura-web's publications on `url`, resuming after `lastEventId` if given. */
function watch(url: string, lastEventId?: string) {
  const results: Result[] = [];
  let ended = false;
  const client: Client = createClient({
    url,
    retryAttempts: 0,
    headers: lastEventId ? { 'last-event-id': lastEventId } : {},
  });
  const stop = client.subscribe(
    { query: PUBLISHED, variables: { channelId: channel('kultura-web') } },
    {
      next: (result) => void results.push(result as Result),
      error: () => (ended = true),
      complete: () => (ended = true),
    },
  );
  const until = async (check: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms; received ${JSON.stringify(results)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    results,
    titles: () => results.map((result) => result.data?.documentPublished.title),
    count: (n: number) => until(() => results.length >= n),
    ended: () => until(() => ended),
    close() {
      stop();
      client.dispose();
    },
  };
}

describe('issue 14: live updates across gateway replicas (Redis)', () => {
  let platform: TestPlatform;
  const replicas: RunningGateway[] = [];
  const replica = async (settings: Partial<TestPlatform['config']> = {}) => {
    const gateway = await startGateway({ ...platform.config, ...settings }, platform.subgraphUrls, 0);
    replicas.push(gateway);
    return gateway;
  };
  const opened = () => new Promise((resolve) => setTimeout(resolve, 300));

  beforeAll(async () => {
    platform = await startTestPlatform({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  });
  afterAll(async () => {
    for (const gateway of replicas) await gateway.stop().catch(() => undefined);
    await platform?.stop();
  });

  test('issue 14: killing a gateway replica does not lose events for a client that reconnects to the other', async () => {
    const [a, b] = [await replica(), await replica()];
    const first = watch(a.url);
    await opened();
    await cultureDocument(platform, { title: 'Wianki 2027' });
    await first.count(1);
    const lastSeen = first.results[0].extensions!.eventId!;

    await a.stop(); // the replica goes away; its streams end
    replicas.splice(replicas.indexOf(a), 1);
    await first.ended();
    first.close();
    // Published while the client has no stream at all.
    await cultureDocument(platform, { title: 'Festiwal Pierogów' });
    await cultureDocument(platform, { title: 'Noc Teatrów' });

    const resumed = watch(b.url, lastSeen);
    await resumed.count(2);
    await opened();
    await cultureDocument(platform, { title: 'Jarmark Bożonarodzeniowy' });
    await resumed.count(3);
    expect(resumed.titles()).toEqual(['Festiwal Pierogów', 'Noc Teatrów', 'Jarmark Bożonarodzeniowy']);
    // The same event has the same id on every replica.
    const ids = resumed.results.map((result) => result.extensions!.eventId);
    expect(new Set([lastSeen, ...ids]).size).toBe(4);
    resumed.close();
  });

  test('issue 14: past the replay window the client is told to read the current state again, and live updates go on', async () => {
    const short = await replica({ liveUpdates: { ...platform.config.liveUpdates, replayEvents: 1 } });
    const first = watch(short.url);
    await opened();
    await cultureDocument(platform, { title: 'Pierwszy' });
    await first.count(1);
    const lastSeen = first.results[0].extensions!.eventId!;
    first.close();
    await cultureDocument(platform, { title: 'Drugi' });
    await cultureDocument(platform, { title: 'Trzeci' }); // only this one is still kept

    const resumed = watch(short.url, lastSeen);
    await resumed.count(1);
    expect(resumed.results[0].errors![0].extensions!.code).toBe('REPLAY_UNAVAILABLE');
    await opened();
    await cultureDocument(platform, { title: 'Czwarty' });
    await resumed.count(2);
    expect(resumed.results[1].data!.documentPublished.title).toBe('Czwarty');
    resumed.close();
  });

  test('issue 14: one client holds a bounded number of streams at once (each event costs a query per stream)', async () => {
    const capped = await replica({ liveUpdates: { ...platform.config.liveUpdates, streamsPerClient: 1 } });
    const first = watch(capped.url);
    await opened();
    const client = createClient({ url: capped.url, retryAttempts: 0 });
    const refusal = await new Promise<unknown>((resolve) =>
      client.subscribe({ query: PUBLISHED }, { next: () => undefined, error: resolve, complete: () => resolve(null) }),
    );
    const response = (refusal as { response: Response }).response;
    expect(response.status).toBe(429);
    expect(((await response.json()) as Result).errors![0].extensions!.code).toBe('RATE_LIMITED');
    client.dispose();
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = watch(capped.url); // a closed stream frees its place
    await opened();
    await cultureDocument(platform, { title: 'Po zamknięciu' });
    await again.count(1);
    again.close();
  });
});
