/**
 * Issue 10: the caller is worked out once per request and passed on, signed, to every subgraph
 * called for it. Counts the HTTP requests each subgraph receives for one act, as the batching test
 * counts SQL; and shows that a forged or replayed caller context is refused.
 */
import type { SubgraphName } from '../../platform/config';
import { CALLER_HEADER } from '../../platform/caller-context';
import { cultureDocument } from '../support/documents';
import { PUBLISH_DOCUMENT } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const FEED = /* GraphQL */ `
  query Feed {
    documents(first: 20) {
      nodes {
        title
        responsibleUnit {
          name
          head {
            name
          }
        }
        channel {
          name
          kind
          status
        }
      }
    }
  }
`;

describe('issue 10: the caller once per request', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // No background passes and no response cache while counting: only the request's own hops.
    platform = await startTestPlatform({
      SCHEDULER_INTERVAL_MS: '3600000',
      OUTBOX_INTERVAL_MS: '3600000',
      RESPONSE_CACHE: 'off',
    });
  });
  afterAll(() => platform?.stop());

  async function hops(act: () => Promise<unknown>): Promise<Record<SubgraphName, number>> {
    const before = Object.fromEntries(Object.entries(platform.subgraphs).map(([name, s]) => [name, s.requests.count]));
    await act();
    return Object.fromEntries(
      Object.entries(platform.subgraphs).map(([name, s]) => [name, s.requests.count - before[name]]),
    ) as Record<SubgraphName, number>;
  }
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

  test('R-5.2.4 publishDocument takes at most 5 HTTP requests between gateway and subgraphs, all included', async () => {
    const id = await cultureDocument(platform, { title: 'Liczenie wywołań' }, { draft: true });
    const counts = await hops(async () => {
      const published = await platform.query(PUBLISH_DOCUMENT, { id }, 'tomasz.zielinski');
      expect(published.errors).toBeUndefined();
      expect(published.data!.publishDocument.status).toBe('PUBLISHED');
    });
    console.log(`publishDocument: HTTP requests per subgraph ${JSON.stringify(counts)}, ${total(counts)} in all`);
    expect(total(counts)).toBeLessThanOrEqual(5);
  });

  test('a signed-in feed makes as many subgraph requests as an anonymous one', async () => {
    await platform.query(FEED); // plans it
    const anonymous = await hops(async () => expect((await platform.query(FEED)).errors).toBeUndefined());
    const signedIn = await hops(async () =>
      expect((await platform.query(FEED, {}, 'anna.kowalczyk')).errors).toBeUndefined(),
    );
    console.log(`feed: anonymous ${JSON.stringify(anonymous)}, signed in ${JSON.stringify(signedIn)}`);
    expect(signedIn).toEqual(anonymous);
  });

  test('a forged caller context is refused with UNAUTHENTICATED', async () => {
    const token = await platform.token('pawel.mazur');
    const forged =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXdlbC5tYXp1ciIsInJvbGVzIjpbIkVESVRPUklBTF9PRkZJQ0VfTUVNQkVSIl19.c2lnbmF0dXJl';
    // Signed as a peer would sign (issue 12): the caller context is what is forged here.
    const query = JSON.stringify({ query: '{ documents(first: 1) { nodes { id } } }' });
    const signature = await platform.signature(platform.subgraphUrls.content, query);
    const response = await fetch(platform.subgraphUrls.content, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        [CALLER_HEADER]: forged,
        ...signature,
      },
      body: query,
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(response.status).toBe(401);
    expect(errorCodes({ status: response.status, errors: body.errors as never })).toEqual(['UNAUTHENTICATED']);
  });

  test('a caller context replayed in another request (or with another token) is refused', async () => {
    const token = `Bearer ${await platform.token('tomasz.zielinski')}`;
    // A subgraph that works out the caller hands the signed context back in a response header.
    // Signed as a peer would sign (issue 12): the caller context is what is replayed here.
    const body = JSON.stringify({ query: '{ serviceRequests(first: 1) { nodes { id } } }' });
    const signature = () => platform.signature(platform.subgraphUrls.lifecycle, body);
    const first = await fetch(platform.subgraphUrls.lifecycle, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: token,
        'x-request-id': 'request-1',
        ...(await signature()),
      },
      body,
    });
    const context = first.headers.get(CALLER_HEADER);
    expect(context).toEqual(expect.any(String));
    const replay = async (requestId: string, authorization: string) =>
      fetch(platform.subgraphUrls.lifecycle, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization,
          'x-request-id': requestId,
          [CALLER_HEADER]: context!,
          ...(await signature()),
        },
        body,
      });
    expect((await replay('request-1', token)).status).toBe(200);
    expect((await replay('request-2', token)).status).toBe(401);
    expect((await replay('request-1', `Bearer ${await platform.token('anna.kowalczyk')}`)).status).toBe(401);
  });
});
