import { sampleId } from '../../subgraphs/common/sample';
import { channel, unit } from '../support/documents';
import { CREATE_DOCUMENT, GRANT } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitServiceRequestInput!) {
    submitServiceRequest(input: $input) {
      id
      kind
      state
      channel {
        id
        slug
        status
      }
      checklist {
        item
        compliant
      }
    }
  }
`;
const DECIDE = /* GraphQL */ `
  mutation Decide($input: DecideServiceRequestInput!) {
    decideServiceRequest(input: $input) {
      id
      decision
      rationale
      conditions
      decidedBy {
        name
      }
    }
  }
`;
const CHECKLIST = [
  { item: 'Herb i logotyp zgodnie z linią graficzną', compliant: true },
  { item: 'Kontrast WCAG 2.1 AA', compliant: false, note: 'Poprawimy przed wdrożeniem' },
];
const newService = (slug: string) => ({
  kind: 'NEW_SERVICE',
  unitId: unit('kultura'),
  proposedName: `Kraków Muzyczny ${slug}`,
  proposedKind: 'WEBSITE',
  proposedAddress: `https://${slug}.krakow.pl`,
  proposedSlug: slug,
  description: 'Serwis o koncertach w mieście.',
  justification: 'Jedno miejsce dla informacji o muzyce.',
  graphicLineVersion: '2024.1',
  checklist: CHECKLIST,
});

describe("service requests and the editorial office's binding decisions", () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-4.4 R-4.5 R-5.2.3 a new service is proposed, returned, resubmitted and approved; only then can anything be published on it', async () => {
    const submitted = await platform.query(SUBMIT, { input: newService('muzyka') }, 'maria.wisniewska');
    expect(submitted.errors).toBeUndefined();
    const request = submitted.data!.submitServiceRequest;
    expect(request).toMatchObject({
      kind: 'NEW_SERVICE',
      state: 'SUBMITTED',
      channel: { slug: 'muzyka', status: 'PROPOSED' },
    });
    const channelId = request.channel.id;

    // A proposed channel is not live: publishing there is refused, and grants wait for the approval.
    const grantInput = {
      accountId: sampleId('account:tomasz.zielinski'),
      permission: 'PUBLISH',
      unitId: unit('kultura'),
      channelId,
    };
    expect((await platform.query(GRANT, { input: grantInput }, 'anna.kowalczyk')).errors![0].message).toMatch(
      /not approved yet/,
    );
    const draft = () =>
      platform.query(
        CREATE_DOCUMENT,
        { input: { channelId, responsibleUnitId: unit('kultura'), title: 'Start', body: '<p>x</p>', kind: 'NEWS' } },
        'tomasz.zielinski',
      );
    expect((await draft()).errors![0].message).toMatch(/not live/);

    const returned = await platform.query(
      DECIDE,
      { input: { requestId: request.id, decision: 'RETURN', rationale: 'Uzupełnić zgodność z linią graficzną.' } },
      'anna.kowalczyk',
    );
    expect(returned.data!.decideServiceRequest.decision).toBe('RETURN');
    expect(
      errorCodes(
        await platform.query(
          DECIDE,
          { input: { requestId: request.id, decision: 'APPROVE', rationale: 'x' } },
          'anna.kowalczyk',
        ),
      ),
    ).toEqual(['CONFLICT']);
    const resubmitted = await platform.query(
      'mutation($id: ID!, $c: [ChecklistItemInput!]) { resubmitServiceRequest(id: $id, checklist: $c) { state checklist { compliant } } }',
      { id: request.id, c: CHECKLIST.map((c) => ({ ...c, compliant: true })) },
      'maria.wisniewska',
    );
    expect(resubmitted.data!.resubmitServiceRequest).toEqual({
      state: 'SUBMITTED',
      checklist: [{ compliant: true }, { compliant: true }],
    });
    const approved = await platform.query(
      DECIDE,
      {
        input: {
          requestId: request.id,
          decision: 'APPROVE',
          rationale: 'Zgodne z polityką informacyjną.',
          conditions: 'Linia graficzna 2024.1',
        },
      },
      'piotr.nowak',
    );
    expect(approved.data!.decideServiceRequest).toMatchObject({
      decision: 'APPROVE',
      conditions: 'Linia graficzna 2024.1',
      decidedBy: { name: 'Piotr Nowak' },
    });

    const after = await platform.query(
      'query($id: ID!) { serviceRequest(id: $id) { state decisions { decision } channel { status } } }',
      { id: request.id },
      'maria.wisniewska',
    );
    expect(after.data!.serviceRequest).toEqual({
      state: 'APPROVED',
      decisions: [{ decision: 'APPROVE' }, { decision: 'RETURN' }],
      channel: { status: 'LIVE' },
    });
    // Tomasz's designation by the culture department covers every channel; the grant follows the approval.
    expect((await platform.query(GRANT, { input: grantInput }, 'anna.kowalczyk')).errors).toBeUndefined();
    expect((await draft()).errors).toBeUndefined();
  });

  test('R-4.5 a change takes effect only on approval; a rejected one leaves the channel as it was', async () => {
    const change = (name: string) => ({
      kind: 'CHANGE',
      unitId: unit('kultura'),
      channelId: channel('kultura-web'),
      proposedName: name,
      description: 'Nowa nazwa serwisu.',
      justification: 'Spójność z portalem.',
      graphicLineVersion: '2024.1',
      checklist: CHECKLIST,
    });
    const first = (await platform.query(SUBMIT, { input: change('Kultura Kraków') }, 'maria.wisniewska')).data!
      .submitServiceRequest;
    expect(first.channel.status).toBe('CHANGE_PENDING');
    expect(errorCodes(await platform.query(SUBMIT, { input: change('Inna') }, 'maria.wisniewska'))).toEqual([
      'CONFLICT',
    ]);
    await platform.query(
      DECIDE,
      { input: { requestId: first.id, decision: 'REJECT', rationale: 'Nazwa myląca.' } },
      'anna.kowalczyk',
    );
    const rejected = await platform.query('{ channelBySlug(slug: "kultura-web") { name status } }');
    expect(rejected.data!.channelBySlug).toEqual({ name: 'Kultura w Krakowie', status: 'LIVE' });

    const second = (
      await platform.query(SUBMIT, { input: change('Kultura w Krakowie – serwis miejski') }, 'maria.wisniewska')
    ).data!.submitServiceRequest;
    await platform.query(
      DECIDE,
      { input: { requestId: second.id, decision: 'APPROVE', rationale: 'Zgoda.' } },
      'anna.kowalczyk',
    );
    const approved = await platform.query('{ channelBySlug(slug: "kultura-web") { name status } }');
    expect(approved.data!.channelBySlug).toEqual({ name: 'Kultura w Krakowie – serwis miejski', status: 'LIVE' });
  });

  test("R-3.2 BIP is outside this flow; only a unit's head asks and only the editorial office decides", async () => {
    const bip = {
      kind: 'CHANGE',
      unitId: unit('won'),
      channelId: channel('bip'),
      description: 'x',
      justification: 'x',
      graphicLineVersion: '2024.1',
      checklist: CHECKLIST,
    };
    expect(errorCodes(await platform.query(SUBMIT, { input: bip }, 'marek.kaminski'))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await platform.query(SUBMIT, { input: newService('obca') }, 'barbara.jankowska'))).toEqual([
      'FORBIDDEN',
    ]);
    const pending = sampleId('request:zielen-new');
    for (const login of ['maria.wisniewska', 'ewa.dabrowska', 'marek.kaminski', 'jan.wojcik']) {
      expect(
        errorCodes(
          await platform.query(DECIDE, { input: { requestId: pending, decision: 'APPROVE', rationale: 'x' } }, login),
        ),
      ).toEqual(['FORBIDDEN']);
    }
  });

  test('bad requests are refused with the reason', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...newService('a1'), graphicLineVersion: '1999.9' }, /no graphic-line version/],
      [{ ...newService('a2'), checklist: [] }, /checklist/],
      [{ ...newService('a3'), proposedAddress: 'http://insecure.example' }, /https/],
      [{ ...newService('a4'), proposedKind: 'BIP' }, /BIP/],
    ];
    for (const [input, message] of cases) {
      const response = await platform.query(SUBMIT, { input }, 'maria.wisniewska');
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].message).toMatch(message);
    }
  });
});
