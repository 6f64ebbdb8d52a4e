/**
 * Issue 11, R-7: the annual report is a document a citizen can read. Its figures count every
 * suspension (by the editorial office directly and by incidents); the published document is in Polish,
 * names units and channels, has header rows and totals, and names the Director of WKS as its preparer.
 * Checked the way a reader would see it: the published HTML rendered in Debian's Chromium (driven by
 * playwright-core, cut off from everything beyond loopback), with a screenshot in test/artifacts/.
 */
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { sampleId } from '../../subgraphs/common/sample';
import { account } from '../support/documents';
import { SUSPEND } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const SCREENSHOT = path.join(__dirname, '..', 'artifacts', 'annual-report-2026.png');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ENUM_VALUES =
  /\b(LIVE|WEBSITE|PORTAL|INFORMATION_SERVICE|SOCIAL_PROFILE|MOBILE_APP|ONLINE_SERVICE|CHANGE_PENDING|PROPOSED|RETIRED|FROZEN|NEW_SERVICE|RETIREMENT)\b/;

const act = (name: string) => `mutation($year: Int!) { ${name}(year: $year) { state } }`;
const OPEN_INCIDENT = 'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id } }';
const REPORT = `query($year: Int!) {
  annualReport(year: $year) { figures { accountsSuspended grantsRevoked publications { unit { name } channel { name } } } document { id } }
}`;
const DOCUMENT =
  'query($id: ID!) { document(id: $id) { title lead body metadata { preparedBy { name } enteredBy { name } responsibleUnit { name } } } }';

/** A "proxy" that closes every connection: the browser reaches nothing beyond loopback. */
async function startBlackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The page a frontend of the information service would make of the document. */
const page = (document: { title: string; lead: string; body: string }) => `<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>${document.title}</title>
<style>body { font: 15px/1.45 sans-serif; margin: 2em; max-width: 60em; } table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border: 1px solid #999; padding: .3em .6em; text-align: left; } thead th { background: #e8eef7; }</style></head>
<body><h1>${document.title}</h1><p><em>${document.lead}</em></p>${document.body}</body></html>`;

describe('R-7 the annual report is a document a citizen can read', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-7.1 accountsSuspended and grantsRevoked count what incidents did as well as direct acts (two incident suspensions, one direct: 3; one grant revoked by an incident: 1)', async () => {
    expect(
      (await platform.query(SUSPEND, { id: account('pawel.mazur'), reason: 'Kontrola' }, 'anna.kowalczyk')).errors,
    ).toBeUndefined();
    for (const login of ['tomasz.zielinski', 'magdalena.wrobel']) {
      const input = {
        title: `Przejęte konto ${login}`,
        description: 'Logowanie z nieznanego kraju',
        personalDataInvolved: false,
        suspendAccountIds: [account(login)],
      };
      expect((await platform.query(OPEN_INCIDENT, { input }, 'anna.kowalczyk')).errors).toBeUndefined();
    }
    // And a grant revoked by an incident, with none revoked directly: grantsRevoked counts it.
    const revoking = {
      title: 'Wyciek hasła',
      description: 'Hasło w sieci',
      personalDataInvolved: false,
      revokeGrantIds: [sampleId('grant:magdalena.wrobel:edukacja:edukacja-web')],
    };
    expect((await platform.query(OPEN_INCIDENT, { input: revoking }, 'anna.kowalczyk')).errors).toBeUndefined();
    expect(errorCodes(await platform.query(act('generateAnnualReport'), { year: 2026 }, 'ewa.dabrowska'))).toEqual([]);
    const report = (await platform.query(REPORT, { year: 2026 }, 'ewa.dabrowska')).data!.annualReport;
    expect(report.figures.accountsSuspended).toBe(3);
    expect(report.figures.grantsRevoked).toBe(1);
  });

  test('R-7.2 R-T.1 the published report is in Polish, names units and channels, has header rows and totals, and was prepared by the Director of WKS', async () => {
    await platform.query(act('submitAnnualReport'), { year: 2026 }, 'ewa.dabrowska');
    await platform.query(act('approveAnnualReport'), { year: 2026 }, 'andrzej.kozlowski');
    expect(
      (await platform.query(act('publishAnnualReport'), { year: 2026 }, 'anna.kowalczyk')).data!.publishAnnualReport
        .state,
    ).toBe('PUBLISHED');
    const report = (await platform.query(REPORT, { year: 2026 }, 'anna.kowalczyk')).data!.annualReport;
    const document = (await platform.query(DOCUMENT, { id: report.document.id })).data!.document;

    expect(document.metadata).toEqual({
      preparedBy: { name: 'Ewa Dąbrowska' },
      enteredBy: { name: 'Anna Kowalczyk' },
      responsibleUnit: { name: 'Wydział Komunikacji Społecznej' },
    });
    expect(document.body).not.toMatch(UUID);
    expect(document.body).not.toMatch(ENUM_VALUES);

    const blackHole = await startBlackHole();
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        proxy: { server: blackHole.url, bypass: '127.0.0.1,localhost,[::1]' },
      });
      const tab = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      await tab.setContent(page(document));

      const headings = await tab.locator('h2').allTextContents();
      expect(headings.slice(0, 4)).toEqual([
        '1. Kanały MPI',
        '2. Zgłoszenia jednostek i decyzje Redakcji MPI',
        '3. Uprawnienia i bezpieczeństwo',
        '4. Publikacje i czas ich publikowania',
      ]);
      // BIP, where the figures hold it apart, comes last under its own label.
      for (const heading of headings.slice(4)) expect(heading).toMatch(/^5\. Biuletyn Informacji Publicznej/);
      // Every table opens with a header row; the tables of counts end with a total.
      const tables = tab.locator('table');
      expect(await tables.count()).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < (await tables.count()); i++)
        expect(await tables.nth(i).locator('thead th').count()).toBeGreaterThan(1);
      expect(await tables.nth(0).locator('thead th').allTextContents()).toEqual([
        'Rodzaj kanału',
        'Stan',
        'Liczba kanałów',
      ]);
      expect(await tables.nth(3).locator('thead th').allTextContents()).toEqual([
        'Jednostka odpowiedzialna',
        'Kanał',
        'Publikacje',
        'Mediana (godz.)',
        '90. percentyl (godz.)',
        'Ponad 24 godz.',
      ]);
      for (const i of [0, 1, 3])
        expect(await tables.nth(i).locator('tbody tr').last().locator('th').textContent()).toBe('Razem');
      const channelRows = await tables.nth(0).locator('tbody tr').allInnerTexts();
      expect(channelRows).toContainEqual(expect.stringMatching(/^Portal „Magiczny Kraków”\s+działa\s+1$/));

      const text = await tab.locator('body').innerText();
      expect(text).toContain('Sporządził(a): Ewa Dąbrowska, Dyrektor Wydziału Komunikacji Społecznej');
      expect(text).toMatch(
        /Zatwierdził\(a\): Andrzej Kozłowski, Zastępca Prezydenta Miasta Krakowa ds\. Polityki Społecznej i Komunalnej, dnia \d+ \p{L}+ 2026 r\./u,
      );
      expect(text).toMatch(/Zawieszone konta użytkowników[^\n]*\t3/);
      for (const row of report.figures.publications) {
        expect(text).toContain(row.unit.name);
        expect(text).toContain(row.channel.name);
      }
      expect(text).not.toMatch(UUID);
      expect(text).not.toMatch(ENUM_VALUES);

      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      fs.rmSync(SCREENSHOT, { force: true });
      await tab.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(fs.readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await browser?.close();
      await blackHole.close();
    }
  });
});
