import { sampleId } from '../../subgraphs/common/sample';
import {
  CREATE_DOCUMENT,
  DESIGNATE,
  GRANT,
  PUBLISH_DOCUMENT,
  REACTIVATE,
  REVOKE,
  SUSPEND,
  WITHDRAW_DESIGNATION,
} from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const unit = (key: string) => sampleId(`unit:${key}`);
const channel = (key: string) => sampleId(`channel:${key}`);
const person = (key: string) => sampleId(`person:${key}`);
const account = (login: string) => sampleId(`account:${login}`);

describe('designation → grant → publishing, decided live on every request', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  /** A draft on kultura-web for the culture department, as `login`. */
  const draft = (login: string, title: string) =>
    platform.query(
      CREATE_DOCUMENT,
      {
        input: {
          channelId: channel('kultura-web'),
          responsibleUnitId: unit('kultura'),
          title,
          body: '<p>Treść</p>',
          kind: 'NEWS',
        },
      },
      login,
    );

  test('R-4.3 R-5.2.4 a unit head designates, the editorial office grants, the designated person publishes', async () => {
    // pawel.mazur works in the culture department and has an account but no grant.
    expect(errorCodes(await draft('pawel.mazur', 'Przed nadaniem uprawnień'))).toEqual(['FORBIDDEN']);

    const designation = await platform.query(
      DESIGNATE,
      {
        input: {
          unitId: unit('kultura'),
          personId: person('kultura-clerk'),
          channelIds: [channel('kultura-web')],
          basis: 'Polecenie KD-1/2026',
        },
      },
      'maria.wisniewska',
    );
    expect(designation.errors).toBeUndefined();
    expect(designation.data!.designatePublisher).toMatchObject({
      active: true,
      person: { name: 'Paweł Mazur' },
      channels: [{ id: channel('kultura-web') }],
    });

    const grant = await platform.query(
      GRANT,
      {
        input: {
          accountId: account('pawel.mazur'),
          permission: 'PUBLISH',
          unitId: unit('kultura'),
          channelId: channel('kultura-web'),
        },
      },
      'anna.kowalczyk',
    );
    expect(grant.errors).toBeUndefined();
    expect(grant.data!.grantPermission).toMatchObject({
      active: true,
      designation: { id: designation.data!.designatePublisher.id },
    });

    const created = await draft('pawel.mazur', 'Koncert na Rynku');
    expect(created.errors).toBeUndefined();
    expect(created.data!.createDocument.status).toBe('DRAFT');
    const published = await platform.query(PUBLISH_DOCUMENT, { id: created.data!.createDocument.id }, 'pawel.mazur');
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishDocument.status).toBe('PUBLISHED');
    const feed = await platform.query('query($c: ID!) { documents(channelId: $c, first: 1) { nodes { id } } }', {
      c: channel('kultura-web'),
    });
    expect(feed.data!.documents.nodes[0].id).toBe(created.data!.createDocument.id);
  });

  test('R-4.3 a PUBLISH grant with no active designation of that person by that unit is refused with a clear message', async () => {
    const response = await platform.query(
      GRANT,
      {
        input: {
          accountId: account('magdalena.wrobel'),
          permission: 'PUBLISH',
          unitId: unit('kultura'),
          channelId: channel('portal'),
        },
      },
      'anna.kowalczyk',
    );
    expect(errorCodes(response)).toEqual(['CONFLICT']);
    expect(response.errors![0].message).toMatch(
      /magdalena\.wrobel has no active designation by this unit.*must designate them first/,
    );
  });

  test('R-4.3 a designation limited to one channel does not carry a grant on another', async () => {
    const response = await platform.query(
      GRANT,
      {
        input: {
          accountId: account('pawel.mazur'),
          permission: 'PUBLISH',
          unitId: unit('kultura'),
          channelId: channel('portal'),
        },
      },
      'anna.kowalczyk',
    );
    expect(errorCodes(response)).toEqual(['CONFLICT']);
    expect(response.errors![0].message).toMatch(/covering this channel/);
  });

  test('R-3.2 the editorial office has no power over BIP; the BIP admin grants there and nowhere else', async () => {
    const onBip = {
      accountId: account('marek.kaminski'),
      permission: 'PUBLISH',
      unitId: unit('won'),
      channelId: channel('bip'),
    };
    const byEditorial = await platform.query(GRANT, { input: onBip }, 'anna.kowalczyk');
    expect(errorCodes(byEditorial)).toEqual(['FORBIDDEN']);
    expect(byEditorial.errors![0].message).toMatch(/BIP admin/);
    // The BIP admin revokes his own grant on BIP and grants it again.
    expect(
      (
        await platform.query(
          REVOKE,
          { id: sampleId('grant:marek.kaminski:won:bip'), reason: 'Odnowienie' },
          'marek.kaminski',
        )
      ).errors,
    ).toBeUndefined();
    expect((await platform.query(GRANT, { input: onBip }, 'marek.kaminski')).errors).toBeUndefined();

    const onPortal = {
      accountId: account('tomasz.zielinski'),
      permission: 'PUBLISH',
      unitId: unit('kultura'),
      channelId: channel('app'),
    };
    expect(errorCodes(await platform.query(GRANT, { input: onPortal }, 'marek.kaminski'))).toEqual(['FORBIDDEN']);
  });

  test('R-5.2.4 revocation takes effect on the very next request with the same token', async () => {
    const token = `Bearer ${await platform.token('tomasz.zielinski')}`;
    const send = (query: string, variables: Record<string, unknown>) =>
      platform.post(platform.gatewayUrl, { query, variables }, token);
    const input = (title: string) => ({
      channelId: channel('kultura-web'),
      responsibleUnitId: unit('kultura'),
      title,
      body: '<p>x</p>',
      kind: 'NEWS',
    });
    const first = await send(CREATE_DOCUMENT, { input: input('Pierwszy komunikat') });
    const second = await send(CREATE_DOCUMENT, { input: input('Drugi komunikat') });
    expect((await send(PUBLISH_DOCUMENT, { id: first.data!.createDocument.id })).data!.publishDocument.status).toBe(
      'PUBLISHED',
    );

    const revoked = await platform.query(
      REVOKE,
      { id: sampleId('grant:tomasz.zielinski:kultura:kultura-web'), reason: 'Zmiana zakresu obowiązków' },
      'anna.kowalczyk',
    );
    expect(revoked.data!.revokeGrant).toMatchObject({ active: false, revokedBy: { login: 'anna.kowalczyk' } });

    const refused = await send(PUBLISH_DOCUMENT, { id: second.data!.createDocument.id });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toMatch(/no PUBLISH grant in force/);
    // Tomasz's grant on the portal is untouched.
    const portal = await send(CREATE_DOCUMENT, { input: { ...input('Na portal'), channelId: channel('portal') } });
    expect(portal.errors).toBeUndefined();
  });

  test('R-4.3 withdrawing the designation stops publishing at once, though the grant itself stands', async () => {
    const token = `Bearer ${await platform.token('magdalena.wrobel')}`;
    const create = () =>
      platform.post(
        platform.gatewayUrl,
        {
          query: CREATE_DOCUMENT,
          variables: {
            input: {
              channelId: channel('edukacja-web'),
              responsibleUnitId: unit('edukacja'),
              title: 'Rekrutacja',
              body: '<p>x</p>',
              kind: 'NEWS',
            },
          },
        },
        token,
      );
    expect((await create()).errors).toBeUndefined();
    const withdrawn = await platform.query(
      WITHDRAW_DESIGNATION,
      { id: sampleId('designation:edukacja-publisher:edukacja'), reason: 'Przeniesienie do innego wydziału' },
      'barbara.jankowska',
    );
    expect(withdrawn.data!.withdrawDesignation).toMatchObject({
      active: false,
      withdrawalReason: 'Przeniesienie do innego wydziału',
    });
    const refused = await create();
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toMatch(/designation it rests on was withdrawn/);
  });

  test('R-5.2.5 suspending an account stops it on the next request; reactivation restores it', async () => {
    const token = `Bearer ${await platform.token('lukasz.gorski')}`;
    const create = () =>
      platform.post(
        platform.gatewayUrl,
        {
          query: CREATE_DOCUMENT,
          variables: {
            input: {
              channelId: channel('facebook'),
              responsibleUnitId: unit('wks'),
              title: 'Post',
              body: '<p>x</p>',
              kind: 'NEWS',
            },
          },
        },
        token,
      );
    expect((await create()).errors).toBeUndefined();
    expect(
      (
        await platform.query(
          SUSPEND,
          { id: account('lukasz.gorski'), reason: 'Incydent bezpieczeństwa' },
          'anna.kowalczyk',
        )
      ).errors,
    ).toBeUndefined();
    const refused = await create();
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toMatch(/suspended/);
    expect(
      (
        await platform.query(
          REACTIVATE,
          { id: account('lukasz.gorski'), reason: 'Incydent wyjaśniony' },
          'anna.kowalczyk',
        )
      ).errors,
    ).toBeUndefined();
    expect((await create()).errors).toBeUndefined();
  });

  test('R-5.2.4 a time-limited grant stops at its end', async () => {
    await platform.query(
      DESIGNATE,
      { input: { unitId: unit('kultura'), personId: person('kultura-publisher') } },
      'maria.wisniewska',
    );
    const until = new Date(Date.now() + 2500).toISOString();
    const grant = await platform.query(
      GRANT,
      {
        input: {
          accountId: account('tomasz.zielinski'),
          permission: 'PUBLISH',
          unitId: unit('kultura'),
          channelId: channel('app'),
          validUntil: until,
        },
      },
      'anna.kowalczyk',
    );
    expect(grant.errors).toBeUndefined();
    const create = () =>
      platform.query(
        CREATE_DOCUMENT,
        {
          input: {
            channelId: channel('app'),
            responsibleUnitId: unit('kultura'),
            title: 'W aplikacji',
            body: '<p>x</p>',
            kind: 'NEWS',
          },
        },
        'tomasz.zielinski',
      );
    expect((await create()).errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, Date.parse(until) - Date.now() + 100));
    expect(errorCodes(await create())).toEqual(['FORBIDDEN']);
  });

  test('R-4.5 R-5.2.5 nothing is published on a frozen or a proposed channel, whatever the grants', async () => {
    for (const key of ['mops-web', 'zielen-web']) {
      const response = await platform.query(
        CREATE_DOCUMENT,
        {
          input: {
            channelId: channel(key),
            responsibleUnitId: unit('wks'),
            title: 'Próba',
            body: '<p>x</p>',
            kind: 'NEWS',
          },
        },
        'anna.kowalczyk',
      );
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.errors![0].message).toMatch(key === 'mops-web' ? /frozen/ : /not live/);
    }
  });

  test('R-3.2 on BIP only grants for that BIP channel count: a grant for every channel stops short of it', async () => {
    const everywhere = await platform.query(
      GRANT,
      { input: { accountId: account('lukasz.gorski'), permission: 'PUBLISH', unitId: unit('wks') } },
      'anna.kowalczyk',
    );
    expect(everywhere.errors).toBeUndefined();
    const draft = (channelKey: string, login: string, unitKey: string) =>
      platform.query(
        CREATE_DOCUMENT,
        {
          input: {
            channelId: channel(channelKey),
            responsibleUnitId: unit(unitKey),
            title: 'Ogłoszenie',
            body: '<p>x</p>',
            kind: 'ANNOUNCEMENT',
          },
        },
        login,
      );
    expect((await draft('app', 'lukasz.gorski', 'wks')).errors).toBeUndefined();
    const onBip = await draft('bip', 'lukasz.gorski', 'wks');
    expect(errorCodes(onBip)).toEqual(['FORBIDDEN']);
    expect((await draft('bip', 'marek.kaminski', 'won')).errors).toBeUndefined();
  });

  test('the body keeps its text and loses its scripts', async () => {
    const response = await platform.query(
      CREATE_DOCUMENT,
      {
        input: {
          channelId: channel('portal'),
          responsibleUnitId: unit('kultura'),
          title: 'Bezpieczna treść',
          body: '<p onclick="steal()">Tekst <a href="javascript:alert(1)">link</a><script>alert(1)</script><img src="https://x" onerror="alert(1)"></p>',
          kind: 'NEWS',
        },
      },
      'tomasz.zielinski',
    );
    expect(response.errors).toBeUndefined();
    const body = response.data!.createDocument.body as string;
    expect(body).toContain('Tekst');
    expect(body).not.toMatch(/script|onclick|onerror|javascript:/i);
  });
});
