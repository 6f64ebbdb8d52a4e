import type { SubgraphName } from '../../platform/config';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const DOCUMENTS_WITH_UNITS_AND_CHANNELS = /* GraphQL */ `
  query Feed($first: Int!) {
    documents(first: $first) {
      nodes {
        title
        responsibleUnit {
          name
          head {
            name
          }
        }
        preparedBy {
          name
        }
        channel {
          name
          owner {
            name
          }
          sections {
            name
          }
        }
        section {
          name
        }
      }
    }
  }
`;

describe('batching: entity references and cross-entity fields go through DataLoader', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // No background passes (scheduler, outbox relays) while counting: only the request's own SQL.
    platform = await startTestPlatform({
      SCHEDULER_INTERVAL_MS: '3600000',
      OUTBOX_INTERVAL_MS: '3600000',
      RESPONSE_CACHE: 'off',
    });
  });
  afterAll(() => platform?.stop());

  async function queriesPerSubgraph(first: number): Promise<Record<SubgraphName, number>> {
    const before = Object.fromEntries(Object.entries(platform.subgraphs).map(([name, s]) => [name, s.queries.count]));
    const response = await platform.query(DOCUMENTS_WITH_UNITS_AND_CHANNELS, { first });
    expect(response.errors).toBeUndefined();
    expect(response.data!.documents.nodes).toHaveLength(first);
    for (const doc of response.data!.documents.nodes) {
      expect(doc.responsibleUnit.name).toEqual(expect.any(String));
      expect(doc.channel.owner.name).toEqual(expect.any(String));
    }
    return Object.fromEntries(
      Object.entries(platform.subgraphs).map(([name, s]) => [name, s.queries.count - before[name]]),
    ) as Record<SubgraphName, number>;
  }

  test('a list of 5 and a list of 50 documents cost the same number of SQL queries in every subgraph', async () => {
    await queriesPerSubgraph(5); // warm-up: first requests plan the query
    const five = await queriesPerSubgraph(5);
    const fifty = await queriesPerSubgraph(50);
    console.log(`SQL queries per subgraph: 5 documents ${JSON.stringify(five)}; 50 documents ${JSON.stringify(fifty)}`);
    expect(fifty).toEqual(five);
    for (const count of Object.values(fifty)) expect(count).toBeLessThanOrEqual(5);
  });
});
