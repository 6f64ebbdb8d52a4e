/**
 * Issue 11, R-6: the graphic line has an order. Versions compare by their numbers, not by when they were
 * published; the current version is the highest; an older one cannot become current; a service request
 * that declares a superseded version is refused and told which version is current.
 */
import { compareVersions } from '../../subgraphs/lifecycle/domain/graphic-line';
import { GraphicLineVersion } from '../../subgraphs/lifecycle/entities/graphic-line';
import { unit } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const PUBLISH =
  'mutation Publish($input: PublishGraphicLineInput!) { publishGraphicLine(input: $input) { version current } }';
const LINE = '{ graphicLine { version } graphicLineVersions { version current } }';
const line = (version: string) => ({
  version,
  colours: [{ name: 'primary', value: '#0b3d91' }],
  typography: [{ name: 'body', fontFamily: 'Lato', size: '16px', weight: 400 }],
  logoRules: ['Herb Krakowa w lewym górnym rogu'],
});
const SUBMIT =
  'mutation Submit($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) { id graphicLineVersion } }';
const newService = (slug: string, graphicLineVersion: string) => ({
  kind: 'NEW_SERVICE',
  unitId: unit('kultura'),
  proposedName: `Kraków Filmowy ${slug}`,
  proposedKind: 'WEBSITE',
  proposedAddress: `https://${slug}.krakow.pl`,
  proposedSlug: slug,
  description: 'Serwis o kinach w mieście.',
  justification: 'Jedno miejsce dla informacji o filmie.',
  graphicLineVersion,
  checklist: [{ item: 'Herb i logotyp zgodnie z linią graficzną', compliant: true }],
});

describe('R-6 the graphic line has an order', () => {
  test('R-6 version numbers compare part by part as numbers', () => {
    expect(['2026.1', '2019.1', '2026.10', '2026.9', '2024.1', '2026.1.1'].sort(compareVersions)).toEqual([
      '2019.1',
      '2024.1',
      '2026.1',
      '2026.1.1',
      '2026.9',
      '2026.10',
    ]);
    expect(compareVersions('2026.01', '2026.1')).toBe(0);
  });

  describe('through the gateway', () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform();
    });
    afterAll(() => platform?.stop());

    test('R-6 publishing "2020.1" after "2026.1" is refused with CONFLICT and 2026.1 stays current', async () => {
      expect(
        (await platform.query(PUBLISH, { input: line('2026.1') }, 'anna.kowalczyk')).data!.publishGraphicLine,
      ).toEqual({ version: '2026.1', current: true });
      const older = await platform.query(PUBLISH, { input: line('2020.1') }, 'anna.kowalczyk');
      expect(errorCodes(older)).toEqual(['CONFLICT']);
      expect(older.errors![0].message).toBe(
        'Version "2020.1" is not higher than the current version "2026.1": the graphic line only moves forward (R-6). Number the new version above "2026.1".',
      );
      const now = (await platform.query(LINE)).data!;
      expect(now.graphicLine).toEqual({ version: '2026.1' });
      expect(now.graphicLineVersions).toEqual([
        { version: '2026.1', current: true },
        { version: '2024.1', current: false },
        { version: '2019.1', current: false },
      ]);
      // "2026.10" is higher than "2026.9", though as text it sorts lower.
      await platform.query(PUBLISH, { input: line('2026.9') }, 'anna.kowalczyk');
      expect(
        (await platform.query(PUBLISH, { input: line('2026.10') }, 'anna.kowalczyk')).data!.publishGraphicLine,
      ).toEqual({ version: '2026.10', current: true });
      expect((await platform.query(LINE)).data!.graphicLine).toEqual({ version: '2026.10' });
    });

    test('R-6 the current version is the highest whatever the publication times (a lower version entered later stays superseded)', async () => {
      // As data from before this rule could hold: an older number with the latest publication time.
      await platform.subgraphs.lifecycle.db.getRepository(GraphicLineVersion).insert({
        version: '2021.1',
        tokens: JSON.stringify(line('2021.1')),
        notes: null,
        publishedAt: new Date(Date.now() + 60_000),
      });
      // Entered behind the platform's back, so the gateway's response cache never heard of it: another query text.
      const now = (await platform.query(`${LINE} # after the direct insert`)).data!;
      expect(now.graphicLine).toEqual({ version: '2026.10' });
      expect(now.graphicLineVersions.map((v: { version: string }) => v.version)).toEqual([
        '2026.10',
        '2026.9',
        '2026.1',
        '2024.1',
        '2021.1',
        '2019.1',
      ]);
    });

    test('R-6 a service request declaring a superseded version is refused and told the current one; the current one is accepted', async () => {
      const superseded = await platform.query(SUBMIT, { input: newService('kino', '2024.1') }, 'maria.wisniewska');
      expect(errorCodes(superseded)).toEqual(['BAD_USER_INPUT']);
      expect(superseded.errors![0].message).toBe(
        'Graphic-line version "2024.1" is superseded by "2026.10": check the service against "2026.10" and declare that version.',
      );
      const unknown = await platform.query(SUBMIT, { input: newService('kino', '1999.9') }, 'maria.wisniewska');
      expect(unknown.errors![0].message).toMatch(/There is no graphic-line version "1999\.9"/);
      const current = await platform.query(SUBMIT, { input: newService('kino', '2026.10') }, 'maria.wisniewska');
      expect(current.errors).toBeUndefined();
      expect(current.data!.submitServiceRequest.graphicLineVersion).toBe('2026.10');
    });
  });
});
