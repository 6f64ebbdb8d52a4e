/**
 * a new service the editorial office did not approve never went live. Its channel is
 * NOT_APPROVED, not RETIRED (which is for a service that ran and was switched off).
 */
import { sampleId } from '../../subgraphs/common/sample';
import { Channel } from '../../subgraphs/lifecycle/entities/channel';
import { ServiceRequest } from '../../subgraphs/lifecycle/entities/service-request';
import { ChannelNotApproved1766100000000 } from '../../subgraphs/lifecycle/migrations/1766100000000-ChannelNotApproved';
import { unit } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const SUBMIT =
  'mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) { id channel { id status } } }';
const DECIDE = 'mutation($input: DecideServiceRequestInput!) { decideServiceRequest(input: $input) { decision } }';
const STATUS = 'query($id: ID!) { channel(id: $id) { status } }';
const newService = (slug: string) => ({
  kind: 'NEW_SERVICE',
  unitId: unit('kultura'),
  proposedName: `Kraków ${slug}`,
  proposedKind: 'WEBSITE',
  proposedAddress: `https://${slug}.krakow.pl`,
  proposedSlug: slug,
  description: 'Nowy serwis.',
  justification: 'Potrzeba mieszkańców.',
  graphicLineVersion: '2024.1',
  checklist: [{ item: 'Herb i logotyp', compliant: true }],
});

describe('R-4.5 a new service that was not approved never went live', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const statusOf = async (id: string, as?: string) =>
    (await platform.query(STATUS, { id }, as)).data!.channel?.status ?? null;

  test('R-4.5 a rejected new service is NOT_APPROVED, not RETIRED; the public does not see it', async () => {
    const submitted = (await platform.query(SUBMIT, { input: newService('odrzucony') }, 'maria.wisniewska')).data!
      .submitServiceRequest;
    const rejected = await platform.query(
      DECIDE,
      { input: { requestId: submitted.id, decision: 'REJECT', rationale: 'Dubluje serwis Kultura w Krakowie.' } },
      'anna.kowalczyk',
    );
    expect(rejected.errors).toBeUndefined();
    expect(await statusOf(submitted.channel.id, 'anna.kowalczyk')).toBe('NOT_APPROVED');
    expect(await statusOf(submitted.channel.id)).toBeNull();
    const listed = await platform.query(
      '{ channels(status: NOT_APPROVED, first: 100) { nodes { slug } } }',
      {},
      'anna.kowalczyk',
    );
    expect(listed.data!.channels.nodes).toEqual([{ slug: 'odrzucony' }]);
    expect(
      (await platform.query('{ channels(first: 100) { nodes { slug } } }')).data!.channels.nodes,
    ).not.toContainEqual({ slug: 'odrzucony' });
  });

  test('R-4.5 a new service withdrawn before a decision is NOT_APPROVED too', async () => {
    const submitted = (await platform.query(SUBMIT, { input: newService('wycofany') }, 'maria.wisniewska')).data!
      .submitServiceRequest;
    const withdrawn = await platform.query(
      'mutation($id: ID!) { withdrawServiceRequest(id: $id, reason: "Rezygnacja") { state } }',
      { id: submitted.id },
      'maria.wisniewska',
    );
    expect(withdrawn.data!.withdrawServiceRequest.state).toBe('WITHDRAWN');
    expect(await statusOf(submitted.channel.id, 'anna.kowalczyk')).toBe('NOT_APPROVED');
  });

  test('R-4.5 a service that ran and was switched off stays RETIRED; nothing more is decided on a channel that never went live', async () => {
    expect(await statusOf(sampleId('channel:festiwale-web'), 'anna.kowalczyk')).toBe('RETIRED');
    const submitted = (await platform.query(SUBMIT, { input: newService('jeszcze-raz') }, 'maria.wisniewska')).data!
      .submitServiceRequest;
    await platform.query(
      DECIDE,
      { input: { requestId: submitted.id, decision: 'REJECT', rationale: 'Nie.' } },
      'anna.kowalczyk',
    );
    const change = { ...newService('x'), kind: 'CHANGE', channelId: submitted.channel.id, proposedSlug: null };
    const response = await platform.query(SUBMIT, { input: change }, 'maria.wisniewska');
    expect(errorCodes(response)).toEqual(['CONFLICT']);
    expect(response.errors![0].message).toMatch(/not approved/);
  });

  test('R-4.5 channels of new services rejected or withdrawn before the state existed are moved to it; retired ones stay', async () => {
    const db = platform.subgraphs.lifecycle.db;
    const submitted = (await platform.query(SUBMIT, { input: newService('dawny') }, 'maria.wisniewska')).data!
      .submitServiceRequest;
    await platform.query(
      DECIDE,
      { input: { requestId: submitted.id, decision: 'REJECT', rationale: 'Nie.' } },
      'anna.kowalczyk',
    );
    // As the old rule left it: a rejected new service recorded as retired.
    await db.getRepository(Channel).update({ id: submitted.channel.id }, { status: 'RETIRED' });
    expect((await db.getRepository(ServiceRequest).findOneByOrFail({ id: submitted.id })).state).toBe('REJECTED');

    const runner = db.createQueryRunner();
    try {
      await new ChannelNotApproved1766100000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await statusOf(submitted.channel.id, 'anna.kowalczyk')).toBe('NOT_APPROVED');
    expect(await statusOf(sampleId('channel:festiwale-web'), 'anna.kowalczyk')).toBe('RETIRED');
  });
});
