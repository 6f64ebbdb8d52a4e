import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const CHANNELS = /* GraphQL */ `
  query Channels($kind: ChannelKind, $status: ChannelStatus, $first: Int, $after: String) {
    channels(kind: $kind, status: $status, first: $first, after: $after) {
      nodes {
        slug
        kind
        status
        supervision
        owner {
          name
          kind
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

describe('the channel registry', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-2.1 every kind of channel is in the registry, BIP under its own supervision (R-3.2)', async () => {
    const response = await platform.query(CHANNELS, { first: 100 }, 'anna.kowalczyk');
    const channels = response.data!.channels.nodes;
    expect(new Set(channels.map((c: { kind: string }) => c.kind))).toEqual(
      new Set(['PORTAL', 'BIP', 'INFORMATION_SERVICE', 'WEBSITE', 'SOCIAL_PROFILE', 'MOBILE_APP', 'ONLINE_SERVICE']),
    );
    for (const channel of channels) {
      expect(channel.supervision).toBe(channel.kind === 'BIP' ? 'BIP' : 'EDITORIAL_OFFICE');
    }
  });

  test('R-2.2 channels are owned by office cells and by city entities alike', async () => {
    const response = await platform.query(CHANNELS, { first: 100 });
    const ownerKinds = new Set(response.data!.channels.nodes.map((c: { owner: { kind: string } }) => c.owner.kind));
    expect(ownerKinds).toEqual(new Set(['OFFICE_CELL', 'CITY_ENTITY']));
  });

  test('R-4.5 the public does not see proposed or retired channels; signed-in accounts do', async () => {
    const anonymous = (await platform.query(CHANNELS, { first: 100 })).data!.channels.nodes.map(
      (c: { slug: string }) => c.slug,
    );
    const signedIn = (await platform.query(CHANNELS, { first: 100 }, 'pawel.mazur')).data!.channels.nodes.map(
      (c: { slug: string }) => c.slug,
    );
    expect(anonymous).not.toContain('zielen-web');
    expect(anonymous).not.toContain('festiwale-web');
    expect(anonymous).toContain('mops-web'); // frozen channels stay readable
    expect(signedIn).toEqual(expect.arrayContaining(['zielen-web', 'festiwale-web']));
    expect((await platform.query('{ channelBySlug(slug: "zielen-web") { name } }')).data).toEqual({
      channelBySlug: null,
    });
  });

  test('a unit lists the channels it owns', async () => {
    const response = await platform.query(
      `{ channelBySlug(slug: "kultura-web") { owner { name channels { nodes { slug } } } } }`,
    );
    expect(response.data!.channelBySlug.owner).toEqual({
      name: 'Wydział Kultury i Dziedzictwa Narodowego',
      channels: { nodes: [{ slug: 'kultura-web' }] },
    });
  });

  test('filters by kind and status, and pages through the list', async () => {
    const websites = await platform.query(CHANNELS, { kind: 'WEBSITE', first: 2 });
    expect(websites.data!.channels.nodes).toHaveLength(2);
    expect(websites.data!.channels.pageInfo.hasNextPage).toBe(true);
    const next = await platform.query(CHANNELS, {
      kind: 'WEBSITE',
      first: 100,
      after: websites.data!.channels.pageInfo.endCursor,
    });
    const all = [...websites.data!.channels.nodes, ...next.data!.channels.nodes];
    expect(all.every((c: { kind: string }) => c.kind === 'WEBSITE')).toBe(true);
    expect(new Set(all.map((c: { slug: string }) => c.slug)).size).toBe(all.length);
    const frozen = await platform.query(CHANNELS, { status: 'FROZEN' });
    expect(frozen.data!.channels.nodes.map((c: { slug: string }) => c.slug)).toEqual(['mops-web']);
  });

  test('an unknown enum value is refused before anything runs', async () => {
    const response = await platform.query(CHANNELS, { kind: 'NEWSPAPER' });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});
