/**
 * BIP is part of MPI but supervised under a separate act: no route of the editorial
 * office reaches a BIP channel, grant, document or the BIP admin, and no service request of the
 * editorial office's flow makes a channel BIP or takes it out of BIP.
 */
import crypto from 'node:crypto';
import { sampleId } from '../../subgraphs/common/sample';
import { ServiceRequest } from '../../subgraphs/lifecycle/entities/service-request';
import { Channel } from '../../subgraphs/lifecycle/entities/channel';
import { Ticket } from '../../subgraphs/lifecycle/entities/ticket';
import { account, channel, person, unit } from '../support/documents';
import { DESIGNATE, GRANT, REGISTER, SUSPEND } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const SUBMIT = 'mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) { id state } }';
const DECIDE = 'mutation($input: DecideServiceRequestInput!) { decideServiceRequest(input: $input) { decision } }';
const OPEN_INCIDENT = 'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id } }';
const CHECKLIST = [{ item: 'Herb i logotyp', compliant: true }];
const change = (channelKey: string, unitKey: string, extra: Record<string, unknown> = {}) => ({
  kind: 'CHANGE',
  unitId: unit(unitKey),
  channelId: channel(channelKey),
  description: 'Serwis staje się biuletynem.',
  justification: 'Publikujemy informację publiczną.',
  graphicLineVersion: '2024.1',
  checklist: CHECKLIST,
  ...extra,
});

describe('BIP stays outside the editorial office (R-3.1, R-3.2, R-4.5)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  /** The grant the BIP admin makes on BIP in one test; the annual report must not count it. */
  let bipGrantId: string;

  const channelState = async (key: string) =>
    (
      await platform.query(
        'query($id: ID!) { channel(id: $id) { kind status supervision } }',
        { id: channel(key) },
        'anna.kowalczyk',
      )
    ).data!.channel;

  test('R-3.2 R-4.5 a change request cannot make an ordinary website BIP: refused when it is filed', async () => {
    const response = await platform.query(
      SUBMIT,
      { input: change('kultura-web', 'kultura', { proposedKind: 'BIP' }) },
      'maria.wisniewska',
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/BIP.*separate act.*BIP admin/);
    expect(await channelState('kultura-web')).toEqual({
      kind: 'WEBSITE',
      status: 'LIVE',
      supervision: 'EDITORIAL_OFFICE',
    });
  });

  test('R-3.2 R-4.5 a request to make a website BIP filed before the rule cannot be approved; rejecting it leaves the website as it was', async () => {
    // Filed under the old rule: the channel waits for the change, the request asks for kind BIP.
    const lifecycle = platform.subgraphs.lifecycle.db;
    await lifecycle.getRepository(Channel).update({ id: channel('edukacja-web') }, { status: 'CHANGE_PENDING' });
    const requestId = crypto.randomUUID();
    await lifecycle.getRepository(ServiceRequest).insert({
      id: requestId,
      kind: 'CHANGE',
      state: 'SUBMITTED',
      unitId: unit('edukacja'),
      channelId: channel('edukacja-web'),
      proposedName: null,
      proposedKind: 'BIP',
      proposedAddress: null,
      description: 'x',
      justification: 'x',
      graphicLineVersion: '2024.1',
      checklist: JSON.stringify(CHECKLIST),
      submittedByPersonId: person('edukacja-head'),
      submittedByAccountId: account('barbara.jankowska'),
      submittedAt: new Date(),
      updatedAt: new Date(),
    });
    const approve = await platform.query(
      DECIDE,
      { input: { requestId, decision: 'APPROVE', rationale: 'Zgoda' } },
      'anna.kowalczyk',
    );
    expect(errorCodes(approve)).toEqual(['FORBIDDEN']);
    expect(approve.errors![0].message).toMatch(/BIP.*separate act.*[Rr]eject/);
    expect(await channelState('edukacja-web')).toEqual({
      kind: 'WEBSITE',
      status: 'CHANGE_PENDING',
      supervision: 'EDITORIAL_OFFICE',
    });

    const reject = await platform.query(
      DECIDE,
      { input: { requestId, decision: 'REJECT', rationale: 'BIP prowadzi się odrębnie.' } },
      'anna.kowalczyk',
    );
    expect(reject.errors).toBeUndefined();
    expect(await channelState('edukacja-web')).toEqual({
      kind: 'WEBSITE',
      status: 'LIVE',
      supervision: 'EDITORIAL_OFFICE',
    });
  });

  test('R-3.2 a channel whose kind is BIP is under the BIP admin whatever its record says, so the editorial office keeps out', async () => {
    // A website turned BIP by an approval under the old rule kept the editorial office's supervision on record.
    await platform.subgraphs.lifecycle.db.getRepository(Channel).update({ id: channel('zdmk-web') }, { kind: 'BIP' });
    expect(await channelState('zdmk-web')).toEqual({ kind: 'BIP', status: 'LIVE', supervision: 'BIP' });
    const revoke = await platform.query(
      'mutation($id: ID!) { revokeGrant(id: $id, reason: "Kontrola") { id } }',
      { id: sampleId('grant:zofia.krawczyk:zdmk:zdmk-web') },
      'anna.kowalczyk',
    );
    expect(errorCodes(revoke)).toEqual(['FORBIDDEN']);
    const retire = await platform.query(
      SUBMIT,
      { input: { ...change('zdmk-web', 'zdmk'), kind: 'RETIREMENT' } },
      'maria.wisniewska',
    );
    expect(errorCodes(retire)).toEqual(['FORBIDDEN']);
    expect(retire.errors![0].message).toMatch(/BIP.*separate act/);
    await platform.subgraphs.lifecycle.db
      .getRepository(Channel)
      .update({ id: channel('zdmk-web') }, { kind: 'WEBSITE' });
  });

  test('R-3.2 the editorial office cannot suspend the BIP admin, neither directly nor through an incident', async () => {
    const direct = await platform.query(
      SUSPEND,
      { id: account('marek.kaminski'), reason: 'Kontrola' },
      'anna.kowalczyk',
    );
    expect(errorCodes(direct)).toEqual(['FORBIDDEN']);
    expect(direct.errors![0].message).toMatch(/BIP.*separate act/);
    const incident = await platform.query(
      OPEN_INCIDENT,
      {
        input: {
          title: 'Phishing',
          description: 'Podejrzane logowanie',
          personalDataInvolved: false,
          suspendAccountIds: [account('marek.kaminski')],
        },
      },
      'anna.kowalczyk',
    );
    expect(errorCodes(incident)).toEqual(['FORBIDDEN']);
    expect(incident.errors![0].message).toMatch(/BIP.*separate act/);
    expect((await platform.query('{ viewer { status } }', {}, 'marek.kaminski')).data!.viewer.status).toBe('ACTIVE');
  });

  test('R-3.2 an account that publishes on BIP is suspended by the BIP admin, not by the editorial office', async () => {
    // The head of WON (the unit that runs BIP) gets an account, designates himself for BIP, the BIP admin grants.
    const registered = await platform.query(
      REGISTER,
      { input: { login: 'henryk.baran', personId: person('won-director') } },
      'jan.wojcik',
    );
    const accountId = registered.data!.registerAccount.id;
    const designation = await platform.query(
      DESIGNATE,
      { input: { unitId: unit('won'), personId: person('won-director'), channelIds: [channel('bip')] } },
      'henryk.baran',
    );
    expect(designation.errors).toBeUndefined();
    // A designation for BIP only waits for the BIP admin, not in the editorial office's inbox.
    const inbox = await platform.query('{ editorialInbox { designationsWithoutGrants { id } } }', {}, 'anna.kowalczyk');
    expect(inbox.data!.editorialInbox.designationsWithoutGrants).not.toContainEqual({
      id: designation.data!.designatePublisher.id,
    });
    const grant = await platform.query(
      GRANT,
      { input: { accountId, permission: 'PUBLISH', unitId: unit('won'), channelId: channel('bip') } },
      'marek.kaminski',
    );
    expect(grant.errors).toBeUndefined();
    bipGrantId = grant.data!.grantPermission.id;

    const byEditorial = await platform.query(SUSPEND, { id: accountId, reason: 'Kontrola' }, 'anna.kowalczyk');
    expect(errorCodes(byEditorial)).toEqual(['FORBIDDEN']);
    expect(byEditorial.errors![0].message).toMatch(/BIP admin/);
    const byBipAdmin = await platform.query(SUSPEND, { id: accountId, reason: 'Kontrola' }, 'marek.kaminski');
    expect(byBipAdmin.data!.suspendAccount.status).toBe('SUSPENDED');
    // …and an account outside BIP is still the editorial office's alone.
    expect(
      errorCodes(await platform.query(SUSPEND, { id: account('pawel.mazur'), reason: 'Kontrola' }, 'marek.kaminski')),
    ).toEqual(['FORBIDDEN']);
  });

  test('R-3.2 R-5.2.1 R-5.2.6 the map of MPI and technical assistance stop at BIP', async () => {
    const LINK =
      'mutation($f: ID!, $t: ID!) { linkChannels(fromChannelId: $f, toChannelId: $t, kind: LINKS_TO) { kind } }';
    for (const [from, to] of [
      ['portal', 'bip'],
      ['bip', 'portal'],
    ]) {
      const response = await platform.query(LINK, { f: channel(from), t: channel(to) }, 'anna.kowalczyk');
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.errors![0].message).toMatch(/BIP.*separate act/);
    }
    // A ticket of a BIP channel (recorded before tickets were refused there) is not moved on by the editorial office.
    const id = crypto.randomUUID();
    const now = new Date();
    await platform.subgraphs.lifecycle.db.getRepository(Ticket).insert({
      id,
      channelId: channel('bip'),
      vendor: 'Asseco',
      title: 'Błąd BIP',
      description: 'x',
      priority: 'NORMAL',
      deadline: new Date(now.getTime() + 86_400_000),
      state: 'OPEN',
      openedByPersonId: person('editor-1'),
      openedAt: now,
      resolvedAt: null,
      updatedAt: now,
    });
    const moved = await platform.query(
      'mutation($id: ID!) { updateTicketState(id: $id, state: IN_PROGRESS) { state } }',
      { id },
      'anna.kowalczyk',
    );
    expect(errorCodes(moved)).toEqual(['FORBIDDEN']);
  });

  test("R-3.1 the Director of WKS's annual report leaves BIP out of his figures and shows it apart, labelled", async () => {
    expect(
      (await platform.query('mutation { generateAnnualReport(year: 2026) { state } }', {}, 'ewa.dabrowska')).errors,
    ).toBeUndefined();
    const report = await platform.query(
      `{ annualReport(year: 2026) { figures {
          grantsMade channels { kind status count } publications { channel { kind } count }
          bip { supervision note channels { kind status count } publications { channel { slug kind } count } }
      } } }`,
      {},
      'ewa.dabrowska',
    );
    expect(report.errors).toBeUndefined();
    const figures = report.data!.annualReport.figures;
    expect(figures.channels.map((c: { kind: string }) => c.kind)).not.toContain('BIP');
    expect(figures.publications.map((p: { channel: { kind: string } }) => p.channel.kind)).not.toContain('BIP');
    expect(figures.publications.length).toBeGreaterThan(0);
    expect(figures.bip).toMatchObject({
      supervision: 'BIP',
      note: expect.stringMatching(/Biuletyn Informacji Publicznej podlega odrębnej ustawie/),
    });
    expect(figures.bip.channels).toEqual([{ kind: 'BIP', status: 'LIVE', count: 1 }]);
    expect(figures.bip.publications).toEqual([{ channel: { slug: 'bip', kind: 'BIP' }, count: expect.any(Number) }]);

    // Grants made in the year, as the audit log has them, less the one on BIP.
    const made = await platform.query(
      '{ auditLog(action: GRANT_CREATED, from: "2026-01-01T00:00:00Z", first: 100) { nodes { subjectId } } }',
      {},
      'anna.kowalczyk',
    );
    const subjects = made.data!.auditLog.nodes.map((n: { subjectId: string }) => n.subjectId);
    expect(subjects).toContain(bipGrantId);
    expect(figures.grantsMade).toBe(subjects.length - 1);
  });
});
