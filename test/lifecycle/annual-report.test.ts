import { sampleId } from '../../subgraphs/common/sample';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const REPORT = /* GraphQL */ `
  query Report($year: Int!) {
    annualReport(year: $year) {
      year
      state
      late
      deadline
      submittedBy {
        name
      }
      decidedBy {
        name
      }
      returnReason
      figures {
        channels {
          kind
          status
          count
        }
        grantsMade
        grantsRevoked
        accountsSuspended
        incidentsOpened
        publications {
          unit {
            name
          }
          channel {
            name
          }
          count
        }
      }
      document {
        id
      }
    }
  }
`;
const act = (name: string, extra = '') =>
  `mutation($year: Int!${extra ? ', $reason: String!' : ''}) { ${name}(year: $year${extra}) { state late } }`;

describe('R-7 the annual report on MPI', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-7.1 R-7.2 generated from the platform\'s data, submitted by the Director of WKS, returned, approved by the Deputy Mayor, published in "Sprawozdania i analizy"', async () => {
    // Some activity in the year for the figures.
    await platform.query(
      'mutation($id: ID!) { suspendAccount(id: $id, reason: "Kontrola") { status } }',
      { id: sampleId('account:pawel.mazur') },
      'anna.kowalczyk',
    );

    expect(errorCodes(await platform.query(act('generateAnnualReport'), { year: 2026 }, 'anna.kowalczyk'))).toEqual([
      'FORBIDDEN',
    ]);
    const generated = await platform.query(act('generateAnnualReport'), { year: 2026 }, 'ewa.dabrowska');
    expect(generated.data!.generateAnnualReport).toEqual({ state: 'DRAFT', late: false });
    const draft = (await platform.query(REPORT, { year: 2026 }, 'ewa.dabrowska')).data!.annualReport;
    // a draft's figures (incidents, revoked grants) are not for any signed-in account.
    expect(errorCodes(await platform.query(REPORT, { year: 2026 }, 'tomasz.zielinski'))).toEqual(['FORBIDDEN']);
    expect(draft.deadline).toBe('2026-12-31T23:00:00.000Z');
    expect(draft.figures.channels).toContainEqual({ kind: 'PORTAL', status: 'LIVE', count: 1 });
    expect(draft.figures.accountsSuspended).toBe(1);
    expect(draft.figures.publications.length).toBeGreaterThan(3);
    expect(draft.figures.publications[0]).toMatchObject({
      unit: { name: expect.any(String) },
      channel: { name: expect.any(String) },
    });

    expect(errorCodes(await platform.query(act('approveAnnualReport'), { year: 2026 }, 'andrzej.kozlowski'))).toEqual([
      'CONFLICT',
    ]);
    expect(
      (await platform.query(act('submitAnnualReport'), { year: 2026 }, 'ewa.dabrowska')).data!.submitAnnualReport,
    ).toEqual({ state: 'SUBMITTED', late: false });
    expect(errorCodes(await platform.query(act('approveAnnualReport'), { year: 2026 }, 'ewa.dabrowska'))).toEqual([
      'FORBIDDEN',
    ]);
    const returned = await platform.query(
      act('returnAnnualReport', ', reason: $reason'),
      { year: 2026, reason: 'Dodać analizę opóźnień.' },
      'andrzej.kozlowski',
    );
    expect(returned.data!.returnAnnualReport.state).toBe('RETURNED');
    await platform.query(act('generateAnnualReport'), { year: 2026 }, 'ewa.dabrowska');
    await platform.query(act('submitAnnualReport'), { year: 2026 }, 'ewa.dabrowska');
    expect(
      (await platform.query(act('approveAnnualReport'), { year: 2026 }, 'andrzej.kozlowski')).data!.approveAnnualReport
        .state,
    ).toBe('APPROVED');

    expect(errorCodes(await platform.query(act('publishAnnualReport'), { year: 2026 }, 'ewa.dabrowska'))).toEqual([
      'FORBIDDEN',
    ]);
    const published = await platform.query(act('publishAnnualReport'), { year: 2026 }, 'anna.kowalczyk');
    expect(published.data!.publishAnnualReport.state).toBe('PUBLISHED');
    const report = (await platform.query(REPORT, { year: 2026 }, 'anna.kowalczyk')).data!.annualReport;
    expect((await platform.query(REPORT, { year: 2026 }, 'tomasz.zielinski')).data!.annualReport.state).toBe(
      'PUBLISHED',
    );
    expect(report).toMatchObject({ submittedBy: { name: 'Ewa Dąbrowska' }, decidedBy: { name: 'Andrzej Kozłowski' } });

    const document = await platform.query(
      'query($id: ID!) { document(id: $id) { title status kind section { name } channel { kind } metadata { responsibleUnit { name } } } }',
      { id: report.document.id },
    );
    expect(document.data!.document).toEqual({
      title: 'Sprawozdanie z realizacji MPI „Magiczny Kraków” za rok 2026',
      status: 'PUBLISHED',
      kind: 'REPORT',
      section: { name: 'Sprawozdania i analizy' },
      channel: { kind: 'INFORMATION_SERVICE' },
      metadata: { responsibleUnit: { name: 'Wydział Komunikacji Społecznej' } },
    });
    expect(errorCodes(await platform.query(act('publishAnnualReport'), { year: 2026 }, 'anna.kowalczyk'))).toEqual([
      'CONFLICT',
    ]);
  });

  test('R-7.1 a report submitted after 31 December is shown as late', async () => {
    await platform.query(act('generateAnnualReport'), { year: 2024 }, 'ewa.dabrowska');
    const submitted = await platform.query(act('submitAnnualReport'), { year: 2024 }, 'ewa.dabrowska');
    expect(submitted.data!.submitAnnualReport).toEqual({ state: 'SUBMITTED', late: true });
    expect(errorCodes(await platform.query(act('generateAnnualReport'), { year: 2031 }, 'ewa.dabrowska'))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  test("the editorial office's inbox gathers what waits for it from three subgraphs", async () => {
    await platform.query(
      'mutation($input: DesignatePublisherInput!) { designatePublisher(input: $input) { id } }',
      { input: { unitId: sampleId('unit:kultura'), personId: sampleId('person:kultura-staff-2') } },
      'maria.wisniewska',
    );
    await platform.query(
      'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id } }',
      { input: { title: 'Phishing', description: 'Fałszywe maile', personalDataInvolved: false } },
      'anna.kowalczyk',
    );
    const INBOX = `{ editorialInbox {
      undecidedRequests { kind channel { slug } }
      overdueTickets { title }
      annualReportLate
      openIncidents { title }
      designationsWithoutGrants { person { name } unit { name } }
    } }`;
    const inbox = (await platform.query(INBOX, {}, 'anna.kowalczyk')).data!.editorialInbox;
    expect(inbox.undecidedRequests).toEqual([{ kind: 'NEW_SERVICE', channel: { slug: 'zielen-web' } }]);
    expect(inbox.overdueTickets).toEqual([{ title: 'Aplikacja zamyka się na Androidzie 15' }]);
    expect(inbox.annualReportLate).toBe(false);
    expect(inbox.openIncidents).toEqual([{ title: 'Phishing' }]);
    expect(inbox.designationsWithoutGrants).toContainEqual({
      person: { name: 'Natalia Majewska' },
      unit: { name: 'Wydział Kultury i Dziedzictwa Narodowego' },
    });
    expect(inbox.designationsWithoutGrants).not.toContainEqual(
      expect.objectContaining({ person: { name: 'Tomasz Zieliński' } }),
    );
    expect(errorCodes(await platform.query(INBOX, {}, 'maria.wisniewska'))).toEqual(['FORBIDDEN']);
  });
});
