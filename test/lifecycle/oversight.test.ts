import { sampleId } from '../../subgraphs/common/sample';
import { channel } from '../support/documents';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

describe('the graphic line, the map of MPI and technical assistance', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const GRAPHIC_LINE =
    '{ graphicLine { version current colours { name value } typography { name fontFamily size weight } logoRules } }';

  test('R-6 frontends read the current graphic line and its tokens in one query, anonymously', async () => {
    const response = await platform.query(GRAPHIC_LINE);
    expect(response.data!.graphicLine).toMatchObject({ version: '2024.1', current: true });
    expect(response.data!.graphicLine.colours).toContainEqual({ name: 'primary', value: '#123F7A' });
    const channels = await platform.query('{ channelBySlug(slug: "portal") { graphicLineVersion } }');
    expect(channels.data!.channelBySlug.graphicLineVersion).toBe('2024.1');
  });

  test('R-6 R-5.2.1 the editorial office publishes a new version; versions are never rewritten', async () => {
    const PUBLISH =
      'mutation($input: PublishGraphicLineInput!) { publishGraphicLine(input: $input) { version current } }';
    const input = {
      version: '2026.1',
      colours: [{ name: 'primary', value: '#0F3A70' }],
      typography: [],
      logoRules: ['Herb w lewym górnym rogu'],
      notes: 'Nowy odcień',
    };
    expect(errorCodes(await platform.query(PUBLISH, { input }, 'maria.wisniewska'))).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(
        await platform.query(
          PUBLISH,
          { input: { ...input, colours: [{ name: 'primary', value: 'blue' }] } },
          'anna.kowalczyk',
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect((await platform.query(PUBLISH, { input }, 'anna.kowalczyk')).data!.publishGraphicLine).toEqual({
      version: '2026.1',
      current: true,
    });
    expect(errorCodes(await platform.query(PUBLISH, { input }, 'anna.kowalczyk'))).toEqual(['CONFLICT']);
    expect((await platform.query(GRAPHIC_LINE)).data!.graphicLine.version).toBe('2026.1');
    const versions = await platform.query('{ graphicLineVersions { version current } }');
    expect(versions.data!.graphicLineVersions).toEqual([
      { version: '2026.1', current: true },
      { version: '2024.1', current: false },
      { version: '2019.1', current: false },
    ]);
  });

  test('R-5.2.1 the map of MPI: links between channels, kept by the editorial office', async () => {
    const LINK =
      'mutation($f: ID!, $t: ID!) { linkChannels(fromChannelId: $f, toChannelId: $t, kind: LINKS_TO) { from { slug } to { slug } kind } }';
    expect(
      errorCodes(await platform.query(LINK, { f: channel('edukacja-web'), t: channel('portal') }, 'barbara.jankowska')),
    ).toEqual(['FORBIDDEN']);
    const linked = await platform.query(LINK, { f: channel('edukacja-web'), t: channel('portal') }, 'anna.kowalczyk');
    expect(linked.data!.linkChannels).toEqual({
      from: { slug: 'edukacja-web' },
      to: { slug: 'portal' },
      kind: 'LINKS_TO',
    });
    expect(
      errorCodes(await platform.query(LINK, { f: channel('edukacja-web'), t: channel('portal') }, 'anna.kowalczyk')),
    ).toEqual(['CONFLICT']);
    const map = await platform.query('{ channelMap { from { slug } to { slug } kind } }');
    expect(map.data!.channelMap).toContainEqual({
      from: { slug: 'edukacja-web' },
      to: { slug: 'portal' },
      kind: 'LINKS_TO',
    });
    expect(map.data!.channelMap).toContainEqual({
      from: { slug: 'facebook' },
      to: { slug: 'portal' },
      kind: 'MIRRORS',
    });
    const unlinked = await platform.query(
      'mutation($f: ID!, $t: ID!) { unlinkChannels(fromChannelId: $f, toChannelId: $t) }',
      { f: channel('edukacja-web'), t: channel('portal') },
      'anna.kowalczyk',
    );
    expect(unlinked.data!.unlinkChannels).toBe(true);
  });

  test('R-5.2.6 assistance tickets: overdue ones stand out; the editorial office moves them on', async () => {
    const overdue = await platform.query(
      '{ tickets(overdueOnly: true) { title overdue state channel { slug } } }',
      {},
      'anna.kowalczyk',
    );
    expect(overdue.data!.tickets).toEqual([
      { title: 'Aplikacja zamyka się na Androidzie 15', overdue: true, state: 'OPEN', channel: { slug: 'app' } },
    ]);
    expect(errorCodes(await platform.query('{ tickets { id } }', {}, 'maria.wisniewska'))).toEqual(['FORBIDDEN']);

    const OPEN = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id state overdue priority } }';
    const input = {
      channelId: channel('kultura-web'),
      vendor: 'Asseco Data Systems',
      title: 'Błąd kalendarza wydarzeń',
      description: 'Daty w złej strefie czasowej.',
      priority: 'HIGH',
      deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    };
    const byHead = await platform.query(OPEN, { input }, 'maria.wisniewska');
    expect(byHead.data!.openTicket).toMatchObject({ state: 'OPEN', overdue: false, priority: 'HIGH' });
    expect(errorCodes(await platform.query(OPEN, { input }, 'barbara.jankowska'))).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(await platform.query(OPEN, { input: { ...input, channelId: channel('bip') } }, 'anna.kowalczyk')),
    ).toEqual(['FORBIDDEN']);

    const MOVE =
      'mutation($id: ID!, $s: TicketState!) { updateTicketState(id: $id, state: $s, note: "Sprawdzone") { state resolvedAt } }';
    const id = byHead.data!.openTicket.id;
    expect(errorCodes(await platform.query(MOVE, { id, s: 'IN_PROGRESS' }, 'maria.wisniewska'))).toEqual(['FORBIDDEN']);
    expect(
      (await platform.query(MOVE, { id, s: 'RESOLVED' }, 'anna.kowalczyk')).data!.updateTicketState.resolvedAt,
    ).not.toBeNull();
    expect((await platform.query(MOVE, { id, s: 'CLOSED' }, 'anna.kowalczyk')).data!.updateTicketState.state).toBe(
      'CLOSED',
    );
    expect(errorCodes(await platform.query(MOVE, { id, s: 'OPEN' }, 'anna.kowalczyk'))).toEqual(['CONFLICT']);
    const onChannel = await platform.query(
      '{ channelBySlug(slug: "ebom") { tickets { title state } } }',
      {},
      'anna.kowalczyk',
    );
    expect(onChannel.data!.channelBySlug.tickets).toEqual([
      { title: 'Formularz wniosku nie przyjmuje załączników PDF', state: 'IN_PROGRESS' },
    ]);
    expect(
      (await platform.query('{ channelBySlug(slug: "ebom") { tickets { title } } }')).data!.channelBySlug.tickets,
    ).toBeNull();
    expect(sampleId('ticket:app-crash')).toEqual(expect.any(String));
  });
});
