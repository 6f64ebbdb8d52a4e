/**
 * Issue 12, "Chaos and load tests": kill a subgraph under load. Twenty loops read the public feed through
 * the gateway without pause while the content or the organisation subgraph is stopped and started again on
 * its port. While it is down every answer is partial, its errors SUBGRAPH_UNAVAILABLE (never a 5xx, never
 * INTERNAL_SERVER_ERROR), and the gateway stays live; within 5 s of the restart the answers are whole again
 * (the breaker's cool-down is 3 s). The response cache is off: every request really crosses to the subgraphs.
 */
import { Peers } from '../../platform/peers';
import { internalSecret } from '../../platform/service-auth';
import { startSubgraph } from '../../subgraphs/common/server';
import type { SubgraphName } from '../../platform/config';
import { SUBGRAPHS } from '../../scripts/platform';
import { LoadLoops, graphqlPost, sleep, startChaosPlatform, waitFor, type Sample } from '../support/chaos';
import type { TestPlatform } from '../support/platform';

const FEED = '{ documents(first: 5) { nodes { title channel { name } responsibleUnit { name } } } }';
const LOOPS = 20;
const DOWN_MS = 3000;
const WHOLE_WITHIN_MS = 5000;

type Feed = {
  documents: {
    nodes: { title: string; channel: { name: string } | null; responsibleUnit: { name: string } | null }[];
  } | null;
};

const isWhole = (sample: Sample) =>
  sample.status === 200 &&
  !sample.body?.errors &&
  (sample.body?.data as Feed | undefined)?.documents?.nodes.length === 5;

/** What a caller must never see, whatever is down: a 5xx, a dropped connection, an internal error. */
function brokenAnswers(samples: Sample[]): Sample[] {
  return samples.filter(
    (sample) =>
      sample.status === 0 ||
      sample.status >= 500 ||
      !sample.body ||
      (sample.body.errors ?? []).some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR'),
  );
}

/** Errors other than "this subgraph is unavailable", naming it. */
function otherErrors(samples: Sample[], down: SubgraphName): unknown[] {
  return samples.flatMap((sample) =>
    (sample.body?.errors ?? []).filter(
      (error) => error.extensions?.code !== 'SUBGRAPH_UNAVAILABLE' || error.extensions?.serviceName !== down,
    ),
  );
}

describe('issue 12 chaos: a subgraph killed under a steady feed load', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startChaosPlatform({ RESPONSE_CACHE: 'off' });
  });
  afterAll(() => platform?.stop());

  /** Stops a subgraph; returns how to start it again on the same port over the same database. */
  async function kill(name: SubgraphName): Promise<() => Promise<void>> {
    const { url } = platform.subgraphs[name];
    await platform.subgraphs[name].stop();
    return async () => {
      const peers = new Peers({ ...platform.subgraphUrls }, internalSecret(platform.config));
      platform.subgraphs[name] = await startSubgraph(
        SUBGRAPHS[name],
        platform.config,
        peers,
        Number(new URL(url).port),
      );
    };
  }

  /** /health answers all along, each within a second. */
  function watchHealth(): { stop(): Promise<{ status: number; ms: number }[]> } {
    const seen: { status: number; ms: number }[] = [];
    let running = true;
    const watching = (async () => {
      while (running) {
        const started = Date.now();
        const status = await fetch(new URL('/health', platform.gatewayUrl), { signal: AbortSignal.timeout(5000) }).then(
          (response) => response.status,
          () => 0,
        );
        seen.push({ status, ms: Date.now() - started });
        await sleep(200);
      }
    })();
    return {
      async stop() {
        running = false;
        await watching;
        return seen;
      },
    };
  }

  test.each([
    ['content', (feed: Feed) => expect(feed.documents).toBeNull()],
    [
      'organisation',
      (feed: Feed) => {
        expect(feed.documents!.nodes).toHaveLength(5);
        for (const node of feed.documents!.nodes) {
          expect(node.title).toEqual(expect.any(String));
          expect(node.channel?.name).toEqual(expect.any(String));
          expect(node.responsibleUnit).toBeNull();
        }
      },
    ],
  ] as const)(
    'with %s stopped the feed is partial with SUBGRAPH_UNAVAILABLE, the gateway stays up, and whole within 5 s of the restart',
    async (name, partialShape) => {
      const load = new LoadLoops(LOOPS, () => graphqlPost(platform.gatewayUrl, FEED));
      const health = watchHealth();
      let restart: (() => Promise<void>) | undefined;
      let restarted = false;
      try {
        await waitFor(
          'whole answers under load before the stop',
          async () => load.samples.filter(isWhole).length >= LOOPS,
          15_000,
        );
        restart = await kill(name);
        const downFrom = Date.now();
        await sleep(DOWN_MS);
        const downTo = Date.now();
        await restart();
        restarted = true;
        const restartedAt = Date.now();
        // Once the breaker lets a trial through, the answers are whole; keep the load on past the 5 s.
        const wholeAfterMs = await waitFor(
          'whole answers after the restart',
          async () => {
            const recent = load.between(Date.now() - 300);
            return recent.length > 0 && recent.every(isWhole);
          },
          10_000,
        );
        await sleep(Math.max(0, restartedAt + WHOLE_WITHIN_MS + 500 - Date.now()));
        await load.stop();
        const healthSeen = await health.stop();

        const all = load.samples;
        // Sent after the stop and answered before the restart began: nothing of the subgraph could be in them.
        const duringDown = load.between(downFrom, downTo).filter((sample) => sample.answeredAt <= downTo);
        const afterWindow = load.between(restartedAt + WHOLE_WITHIN_MS);
        console.log(
          `${name} down ${downTo - downFrom} ms: ${all.length} requests, ${duringDown.length} while down, ` +
            `whole again ${wholeAfterMs} ms after the restart, ${afterWindow.length} after the 5 s window`,
        );

        expect(brokenAnswers(all)).toEqual([]);
        expect(duringDown.length).toBeGreaterThan(LOOPS);
        for (const sample of duringDown) {
          expect(sample.status).toBe(200);
          expect(sample.body!.errors?.length).toBeGreaterThan(0);
          partialShape(sample.body!.data as Feed);
        }
        // Between the stop and the 5 s after the restart, only this subgraph's unavailability is reported.
        expect(otherErrors(load.between(downFrom, restartedAt + WHOLE_WITHIN_MS), name)).toEqual([]);
        expect(wholeAfterMs).toBeLessThan(WHOLE_WITHIN_MS);
        expect(afterWindow.length).toBeGreaterThan(0);
        expect(afterWindow.filter((sample) => !isWhole(sample))).toEqual([]);

        expect(healthSeen.length).toBeGreaterThan(5);
        expect(healthSeen.filter((seen) => seen.status !== 200 || seen.ms > 1000)).toEqual([]);
      } finally {
        await load.stop();
        await health.stop();
        if (restart && !restarted) await restart();
      }
    },
  );
});
