/**
 * Proof with real clients: Apollo Client with the persisted-queries link, using a manifest made by
 * @apollo/generate-persisted-query-manifest from the .graphql files in test/fixtures/partner.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryManifest } from '@apollo/generate-persisted-query-manifest';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const fixtures = (dir: string) => path.join(__dirname, '..', 'fixtures', dir, '*.graphql');

function client(
  uri: string,
  options: { key?: string; manifest?: Awaited<ReturnType<typeof generatePersistedQueryManifest>> },
) {
  const ids = options.manifest
    ? generatePersistedQueryIdsFromManifest({ loadManifest: () => options.manifest! })
    : { sha256 };
  const link = ApolloLink.from([
    new PersistedQueryLink(ids),
    new HttpLink({ uri, headers: options.key ? { 'x-api-key': options.key } : {} }),
  ]);
  return new ApolloClient({ link, cache: new InMemoryCache(), defaultOptions: { query: { fetchPolicy: 'no-cache' } } });
}

describe('Apollo Client against the running gateway', () => {
  let platform: TestPlatform;
  let manifest: Awaited<ReturnType<typeof generatePersistedQueryManifest>>;
  let partnerId: string;
  let key: string;

  beforeAll(async () => {
    platform = await startTestPlatform();
    manifest = await generatePersistedQueryManifest({ documents: [fixtures('partner')] }, undefined);
    const partner = await platform.query(
      'mutation { registerPartner(name: "Agregator Wiadomości", contact: "api@agregator.pl") { id } }',
      {},
      'anna.kowalczyk',
    );
    partnerId = partner.data!.registerPartner.id;
    key = (
      await platform.query(
        'mutation($id: ID!) { issuePartnerKey(partnerId: $id) { key } }',
        { id: partnerId },
        'anna.kowalczyk',
      )
    ).data!.issuePartnerKey.key;
    const upload = await platform.query(
      'mutation($id: ID!, $m: String!) { uploadPersistedQueryManifest(partnerId: $id, manifest: $m) { accepted rejected { reason } } }',
      { id: partnerId, m: JSON.stringify(manifest) },
      'anna.kowalczyk',
    );
    expect(upload.data!.uploadPersistedQueryManifest).toEqual({ accepted: 2, rejected: [] });
  });
  afterAll(() => platform?.stop());

  const FEED = gql`
    query PartnerFeed($first: Int!) {
      documents(first: $first) {
        nodes {
          title
          publishedAt
          channel {
            name
          }
        }
      }
    }
  `;

  test("the partner's registered operation works through its persisted-queries link", async () => {
    const result = await client(platform.gatewayUrl, { key, manifest }).query({ query: FEED, variables: { first: 3 } });
    expect((result.data as any).documents.nodes).toHaveLength(3);
    expect(manifest.operations.map((o) => o.name).sort()).toEqual(['PartnerFeed', 'PartnerGraphicLine']);
  });

  test('an unregistered operation is refused', async () => {
    const other = await generatePersistedQueryManifest({ documents: [fixtures('unregistered')] }, undefined);
    const query = gql(other.operations[0].body);
    const attempt = client(platform.gatewayUrl, { key }).query({ query });
    await expect(attempt).rejects.toThrow(/not registered|400/);
  });

  test('a rotated key stops working', async () => {
    const rotated = await platform.query(
      'mutation($id: ID!) { rotatePartnerKey(partnerId: $id) { key } }',
      { id: partnerId },
      'anna.kowalczyk',
    );
    await expect(
      client(platform.gatewayUrl, { key, manifest }).query({ query: FEED, variables: { first: 1 } }),
    ).rejects.toThrow(/401|not valid/);
    const fresh = await client(platform.gatewayUrl, { key: rotated.data!.rotatePartnerKey.key, manifest }).query({
      query: FEED,
      variables: { first: 1 },
    });
    expect((fresh.data as any).documents.nodes).toHaveLength(1);
  });

  test('APQ works for an anonymous frontend', async () => {
    const query = gql`
      query FrontendChannels {
        channels(first: 2) {
          nodes {
            slug
            name
          }
        }
      }
    `;
    const first = await client(platform.gatewayUrl, {}).query({ query });
    const second = await client(platform.gatewayUrl, {}).query({ query });
    expect((first.data as any).channels.nodes).toHaveLength(2);
    expect(second.data).toEqual(first.data);
  });

  test('issue 10: a frontend sends hashed queries by GET, and the gateway serves the repeat from its cache', async () => {
    const seen: { method: string; cache: string | null; cacheControl: string | null }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      seen.push({
        method: init?.method ?? 'GET',
        cache: response.headers.get('x-mpi-cache'),
        cacheControl: response.headers.get('cache-control'),
      });
      return response;
    };
    const frontend = () =>
      new ApolloClient({
        link: ApolloLink.from([
          new PersistedQueryLink({ sha256, useGETForHashedQueries: true }),
          // Apollo Server's CSRF prevention: a GET from a page says it was preflighted.
          new HttpLink({ uri: platform.gatewayUrl, headers: { 'apollo-require-preflight': 'true' }, fetch: recording }),
        ]),
        cache: new InMemoryCache(),
        defaultOptions: { query: { fetchPolicy: 'no-cache' } },
      });
    const query = gql`
      query FrontendFeed {
        documents(first: 5) {
          nodes {
            title
            responsibleUnit {
              name
            }
          }
        }
      }
    `;
    const first = await frontend().query({ query });
    const second = await frontend().query({ query });
    expect((first.data as any).documents.nodes).toHaveLength(5);
    expect(second.data).toEqual(first.data);
    // The first client registers the hash (a GET the server does not know yet, then a POST with the text);
    // the second one's GET is answered from the response cache, public with a max-age.
    expect(seen.at(-1)).toEqual({
      method: 'GET',
      cache: 'HIT',
      cacheControl: expect.stringMatching(/^max-age=\d+, public$/),
    });
  });
});
