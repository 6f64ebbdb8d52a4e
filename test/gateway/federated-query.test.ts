import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const CHANNEL_WITH_EVERYTHING = /* GraphQL */ `
  query Portal {
    channelBySlug(slug: "portal") {
      name
      kind
      supervision
      owner {
        name
        kind
        head {
          name
        }
      }
      documents(first: 3) {
        nodes {
          title
          status
          publishedAt
          responsibleUnit {
            name
          }
        }
      }
      grants {
        nodes {
          permission
          active
          account {
            login
            person {
              name
            }
          }
          unit {
            name
          }
        }
      }
    }
  }
`;

describe('one federated query across the four subgraphs', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-2.1 R-2.2 R-5.2.4 an editorial-office member reads a channel with its owning unit, latest documents and granted accounts', async () => {
    const response = await platform.query(CHANNEL_WITH_EVERYTHING, {}, 'anna.kowalczyk');
    expect(response.errors).toBeUndefined();
    const channel = response.data!.channelBySlug;
    expect(channel).toMatchObject({
      name: 'Magiczny Kraków',
      kind: 'PORTAL',
      supervision: 'EDITORIAL_OFFICE',
      owner: { name: 'Wydział Komunikacji Społecznej', kind: 'OFFICE_CELL', head: { name: 'Ewa Dąbrowska' } },
    });
    expect(channel.documents.nodes).toHaveLength(3);
    const times = channel.documents.nodes.map((doc: { publishedAt: string }) => Date.parse(doc.publishedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const doc of channel.documents.nodes) {
      expect(doc.status).toBe('PUBLISHED');
      expect(doc.responsibleUnit.name).toEqual(expect.any(String));
    }
    const logins = channel.grants.nodes.map((grant: { account: { login: string } }) => grant.account.login).sort();
    expect(logins).toEqual(['anna.kowalczyk', 'tomasz.zielinski']);
    expect(
      channel.grants.nodes.find((g: { account: { login: string } }) => g.account.login === 'tomasz.zielinski'),
    ).toMatchObject({
      permission: 'PUBLISH',
      active: true,
      account: { person: { name: 'Tomasz Zieliński' } },
      unit: { name: 'Wydział Kultury i Dziedzictwa Narodowego' },
    });
  });

  test('R-3.2 anonymous callers read the public parts and are told to sign in for the grants', async () => {
    const response = await platform.query(CHANNEL_WITH_EVERYTHING);
    expect(response.status).toBe(200);
    expect(response.data!.channelBySlug.owner.name).toBe('Wydział Komunikacji Społecznej');
    expect(response.data!.channelBySlug.documents.nodes).toHaveLength(3);
    expect(response.data!.channelBySlug.grants).toBeNull();
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors![0].path).toEqual(['channelBySlug', 'grants']);
  });

  test('R-5.2.4 an account outside the editorial office is refused the grants with FORBIDDEN', async () => {
    const response = await platform.query(CHANNEL_WITH_EVERYTHING, {}, 'tomasz.zielinski');
    expect(response.data!.channelBySlug.grants).toBeNull();
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors![0].message).toMatch(/editorial office/);
  });

  test('no stack traces or internals leave the gateway', async () => {
    const response = await platform.query(CHANNEL_WITH_EVERYTHING);
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });
});
