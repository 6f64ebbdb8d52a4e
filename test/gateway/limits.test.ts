import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

describe('operation limits at the gateway', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('a query nested deeper than the limit is refused before any subgraph is called', async () => {
    const deep =
      '{ editorialOffice { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } }';
    // Counted in requests to the subgraph, not SQL: its outbox relay may query on its own meanwhile.
    const before = platform.subgraphs.organisation.requests.count;
    const response = await platform.query(deep);
    expect(errorCodes(response)[0]).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors![0].message).toMatch(/depth/i);
    expect(platform.subgraphs.organisation.requests.count).toBe(before);
  });

  test('too many aliases are refused; unknown fields get no suggestions', async () => {
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: graphicLine { version }`).join(' ')} }`;
    expect(errorCodes(await platform.query(aliases))[0]).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await platform.query('{ graphicLin { version } }');
    expect(errorCodes(typo)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(typo.errors![0].message).not.toMatch(/Did you mean/);
  });

  test('ordinary federated queries stay within the limits', async () => {
    const response = await platform.query(
      '{ channelBySlug(slug: "portal") { owner { head { name } } documents(first: 20) { nodes { title responsibleUnit { name head { name } } channel { name } } } } }',
    );
    expect(response.errors).toBeUndefined();
  });
});
