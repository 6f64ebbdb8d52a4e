/**
 * Issue 11, "Errors a person can act on": a refusal for lack of authority is FORBIDDEN (not bad input),
 * a refusal speaks to the reader in one voice, and says what to do next; no misspelt words, in messages
 * or in the audit log's actions.
 */
import { IsNull } from 'typeorm';
import { OutboxMessage } from '../../subgraphs/common/outbox';
import { channel, person, unit } from '../support/documents';
import { CREATE_DOCUMENT, DESIGNATE } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const act = (name: string, withReason = false) =>
  `mutation($year: Int!${withReason ? ', $reason: String!' : ''}) { ${name}(year: $year${withReason ? ', reason: $reason' : ''}) { state } }`;
const AUDIT = 'query($action: AuditAction) { auditLog(action: $action, first: 10) { nodes { action basis details } } }';

describe('errors a person can act on (issue 11): codes, voice and next steps', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-4.3 a unit head designating a person of another unit is refused as beyond their authority: FORBIDDEN', async () => {
    const response = await platform.query(
      DESIGNATE,
      { input: { unitId: unit('kultura'), personId: person('edukacja-publisher') } },
      'maria.wisniewska',
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors![0].message).toBe(
      "You may designate only your unit's own employees, and Magdalena Wróbel works in another unit; their own unit head can designate them.",
    );
    // The head of the unit a person works in may.
    const own = await platform.query(
      DESIGNATE,
      { input: { unitId: unit('edukacja'), personId: person('edukacja-staff-1') } },
      'barbara.jankowska',
    );
    expect(own.errors).toBeUndefined();
  });

  test('R-5.2.4 a refusal to publish speaks to the person in one voice, never "login may not publish here: You hold…"', async () => {
    const input = {
      channelId: channel('kultura-web'),
      responsibleUnitId: unit('kultura'),
      kind: 'NEWS',
      title: 'Bez uprawnień',
      body: '<p>Treść</p>',
    };
    const response = await platform.query(CREATE_DOCUMENT, { input }, 'pawel.mazur');
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    const message = response.errors![0].message;
    expect(message).toMatch(/^You may not publish here\. You hold no PUBLISH grant/);
    expect(message).not.toContain('pawel.mazur');
  });

  test('R-7.1 a returned annual report cannot be resubmitted as it is: the refusal says to regenerate it first, and why it was returned', async () => {
    await platform.query(act('generateAnnualReport'), { year: 2023 }, 'ewa.dabrowska');
    await platform.query(act('submitAnnualReport'), { year: 2023 }, 'ewa.dabrowska');
    const resubmitted = await platform.query(act('submitAnnualReport'), { year: 2023 }, 'ewa.dabrowska');
    expect(errorCodes(resubmitted)).toEqual(['CONFLICT']);
    expect(resubmitted.errors![0].message).toBe(
      'The annual report is submitted, so it cannot be submitted now. It waits for the Deputy Mayor, who approves it or returns it with a reason.',
    );
    await platform.query(
      act('returnAnnualReport', true),
      { year: 2023, reason: 'Uzupełnić dane o incydentach.' },
      'andrzej.kozlowski',
    );

    const refused = await platform.query(act('submitAnnualReport'), { year: 2023 }, 'ewa.dabrowska');
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors![0].message).toBe(
      'The annual report is returned by the Deputy Mayor, so it cannot be submitted now. Regenerate it first (generateAnnualReport): that makes a new draft ' +
        'from the current data, which the Director of WKS then submits again. The Deputy Mayor\'s reason: "Uzupełnić dane o incydentach."',
    );
    const early = await platform.query(act('publishAnnualReport'), { year: 2023 }, 'anna.kowalczyk');
    expect(early.errors![0].message).toMatch(
      /^The annual report is returned by the Deputy Mayor, so it cannot be published now\. Regenerate it first/,
    );

    // Doing what it says works.
    expect(
      (await platform.query(act('generateAnnualReport'), { year: 2023 }, 'ewa.dabrowska')).data!.generateAnnualReport
        .state,
    ).toBe('DRAFT');
    expect(
      (await platform.query(act('submitAnnualReport'), { year: 2023 }, 'ewa.dabrowska')).data!.submitAnnualReport.state,
    ).toBe('SUBMITTED');
  });

  test('R-T.3 no misspelt "submited": the submission of the annual report reaches the audit log as REPORT_SUBMITTED', async () => {
    await platform.query(act('generateAnnualReport'), { year: 2024 }, 'ewa.dabrowska');
    const submitted = await platform.query(act('submitAnnualReport'), { year: 2024 }, 'ewa.dabrowska');
    expect(submitted.data!.submitAnnualReport.state).toBe('SUBMITTED');
    const again = await platform.query(act('submitAnnualReport'), { year: 2024 }, 'ewa.dabrowska');
    expect(again.errors![0].message).not.toMatch(/submited/i);

    const log = await platform.query(AUDIT, { action: 'REPORT_SUBMITTED' }, 'katarzyna.lewandowska');
    expect(log.errors).toBeUndefined();
    const years = log.data!.auditLog.nodes.map((entry: { details: string }) => JSON.parse(entry.details).year);
    expect(years).toEqual(expect.arrayContaining([2024]));
    // Nothing of lifecycle's is stuck in its outbox, refused by the audit log for an unknown action.
    const stuck = await platform.subgraphs.lifecycle.db
      .getRepository(OutboxMessage)
      .countBy({ topic: 'audit', deliveredAt: IsNull() });
    expect(stuck).toBe(0);
  });
});
