import { sampleId } from '../../subgraphs/common/sample';
import { errorCodes, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';

const FEED = /* GraphQL */ `
  query Feed($first: Int, $after: String, $channelId: ID) {
    documents(first: $first, after: $after, channelId: $channelId) {
      nodes {
        id
        title
        status
        publishedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

describe('content feeds: published documents, newest first, cursor-paginated', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-2.3 walking the feed page by page yields every published document once, newest first', async () => {
    const seen: { id: string; publishedAt: string; status: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response: GraphQLResponse = await platform.query(FEED, { first: 7, after });
      expect(response.errors).toBeUndefined();
      seen.push(...response.data!.documents.nodes);
      after = response.data!.documents.pageInfo.hasNextPage ? response.data!.documents.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 50);
    const ids = seen.map((doc) => doc.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.length).toBeGreaterThanOrEqual(60);
    expect(pages).toBe(Math.ceil(seen.length / 7));
    expect(seen.every((doc) => doc.status === 'PUBLISHED')).toBe(true);
    const times = seen.map((doc) => Date.parse(doc.publishedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test('a channel feed holds only that channel, and its pages match the same list read whole', async () => {
    const channelId = sampleId('channel:zdmk-web');
    const whole = await platform.query(FEED, { first: 100, channelId });
    const firstPage = await platform.query(FEED, { first: 10, channelId });
    const secondPage = await platform.query(FEED, {
      first: 10,
      channelId,
      after: firstPage.data!.documents.pageInfo.endCursor,
    });
    const paged = [...firstPage.data!.documents.nodes, ...secondPage.data!.documents.nodes].map(
      (d: { id: string }) => d.id,
    );
    expect(paged).toEqual(whole.data!.documents.nodes.slice(0, 20).map((d: { id: string }) => d.id));
    expect(whole.data!.documents.nodes.every((d: { title: string }) => d.title.startsWith('Utrudnienia w ruchu'))).toBe(
      true,
    );
  });

  test('bad paging input gets BAD_USER_INPUT with a message naming the argument', async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { first: 5, after: 'not-a-cursor' }]) {
      const response = await platform.query(FEED, variables);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].message).toMatch(/"first"|"after"/);
    }
  });

  test('R-4.1 a draft is hidden from the public and readable by its responsible unit and the editorial office', async () => {
    const draftId = sampleId('document:kultura-web:program-wielkiego-festiwalu-smaku-projekt');
    const DRAFT = 'query($id: ID!) { document(id: $id) { title status responsibleUnit { name } } }';
    expect((await platform.query(DRAFT, { id: draftId })).data).toEqual({ document: null });
    expect((await platform.query(DRAFT, { id: draftId }, 'barbara.jankowska')).data).toEqual({ document: null });
    for (const login of ['pawel.mazur', 'maria.wisniewska', 'anna.kowalczyk']) {
      const response = await platform.query(DRAFT, { id: draftId }, login);
      expect(response.data!.document).toEqual({
        title: 'Program Wielkiego Festiwalu Smaku (projekt)',
        status: 'DRAFT',
        responsibleUnit: { name: 'Wydział Kultury i Dziedzictwa Narodowego' },
      });
    }
  });

  test('R-7.2 the information service has its section "Sprawozdania i analizy" with the reports in it', async () => {
    const response = await platform.query(`{
      channelBySlug(slug: "info") { kind sections { name documents(first: 5) { nodes { title } } } }
    }`);
    expect(response.data!.channelBySlug.kind).toBe('INFORMATION_SERVICE');
    const reports = response.data!.channelBySlug.sections.find(
      (s: { name: string }) => s.name === 'Sprawozdania i analizy',
    );
    expect(reports.documents.nodes.map((d: { title: string }) => d.title)).toContain(
      'Sprawozdanie z realizacji MPI „Magiczny Kraków” za rok 2025',
    );
  });
});
