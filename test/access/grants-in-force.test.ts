/**
 * Grants and designations say what is true: what a list shows as in force is what
 * the publishing check enforces, `publishingRight` answers as the act itself does, every grant rests
 * on a designation, and nothing rests on a channel that is not in service.
 */
import crypto from 'node:crypto';
import { Grant } from '../../subgraphs/access/entities/grant';
import { sampleId } from '../../subgraphs/common/sample';
import { account, channel, person, unit } from '../support/documents';
import { CREATE_DOCUMENT, DESIGNATE, GRANT, WITHDRAW_DESIGNATION } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const GRANTS_OF =
  'query($id: ID!) { account(id: $id) { grants(first: 100) { nodes { id permission active inactiveReason channel { id } } } } }';
const RIGHT = 'query($u: ID!, $c: ID!) { publishingRight(unitId: $u, channelId: $c) { allowed reason grant { id } } }';

describe('Grants and designations say what is true (R-4.3, R-5.2.4)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const grantOf = async (login: string, grantId: string) =>
    (await platform.query(GRANTS_OF, { id: account(login) }, 'anna.kowalczyk')).data!.account.grants.nodes.find(
      (g: { id: string }) => g.id === grantId,
    );
  const draft = (login: string, unitKey: string, channelId: string) =>
    platform.query(
      CREATE_DOCUMENT,
      { input: { channelId, responsibleUnitId: unit(unitKey), title: 'Komunikat', body: '<p>x</p>', kind: 'NEWS' } },
      login,
    );

  /** The publishing check's answer and the act's, side by side. */
  const bothAnswers = async (login: string, unitKey: string, channelId: string) => {
    const right = (await platform.query(RIGHT, { u: unit(unitKey), c: channelId }, login)).data!.publishingRight;
    const act = await draft(login, unitKey, channelId);
    return { right, act };
  };

  test('R-4.3 R-5.2.4 Grant.active reads false once the designation behind it is withdrawn, and says why, as publishing does', async () => {
    const grantId = sampleId('grant:magdalena.wrobel:edukacja:edukacja-web');
    expect(await grantOf('magdalena.wrobel', grantId)).toMatchObject({ active: true, inactiveReason: null });
    await platform.query(
      WITHDRAW_DESIGNATION,
      { id: sampleId('designation:edukacja-publisher:edukacja'), reason: 'Zmiana obowiązków' },
      'barbara.jankowska',
    );

    const grant = await grantOf('magdalena.wrobel', grantId);
    expect(grant).toMatchObject({
      active: false,
      inactiveReason: expect.stringMatching(/designation it rests on was withdrawn/),
    });
    const { right, act } = await bothAnswers('magdalena.wrobel', 'edukacja', channel('edukacja-web'));
    expect(right.allowed).toBe(false);
    expect(right.reason).toMatch(/designation it rests on was withdrawn/);
    expect(errorCodes(act)).toEqual(['FORBIDDEN']);
    expect(act.errors![0].message).toContain(right.reason);
  });

  test('R-5.2.4 Grant.active reads false while the account is suspended', async () => {
    const grant = await grantOf('zofia.krawczyk', sampleId('grant:zofia.krawczyk:zdmk:zdmk-web'));
    expect(grant).toMatchObject({ active: false, inactiveReason: expect.stringMatching(/account is suspended/) });
  });

  test('R-4.5 R-5.2.4 publishingRight gives the answer createDocument gives, for the same reason: proposed, retired, frozen channels', async () => {
    for (const [key, reason] of [
      ['zielen-web', /not live yet/],
      ['festiwale-web', /retired/],
      ['mops-web', /frozen/],
    ] as const) {
      const { right, act } = await bothAnswers('tomasz.zielinski', 'kultura', channel(key));
      expect(right).toMatchObject({ allowed: false, grant: null });
      expect(right.reason).toMatch(reason);
      expect(errorCodes(act)).toEqual(['FORBIDDEN']);
      expect(act.errors![0].message).toContain(right.reason);
    }
    const unknown = await platform.query(RIGHT, { u: unit('kultura'), c: crypto.randomUUID() }, 'tomasz.zielinski');
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });

  test('R-3.2 R-5.2.4 publishingRight names the true reason for a channel the grant does not reach', async () => {
    const everywhere = await platform.query(
      GRANT,
      { input: { accountId: account('lukasz.gorski'), permission: 'PUBLISH', unitId: unit('wks') } },
      'anna.kowalczyk',
    );
    expect(everywhere.errors).toBeUndefined();
    const { right, act } = await bothAnswers('lukasz.gorski', 'wks', channel('bip'));
    expect(right.allowed).toBe(false);
    expect(right.reason).not.toMatch(/withdrawn/);
    expect(right.reason).toMatch(/does not reach BIP/);
    expect(act.errors![0].message).toContain(right.reason);
    expect(
      (await platform.query(RIGHT, { u: unit('wks'), c: channel('app') }, 'lukasz.gorski')).data!.publishingRight,
    ).toMatchObject({ allowed: true, reason: null });
  });

  test('R-4.3 R-5.2.4 every grant rests on a designation: a permission no act needs is not granted, and an old grant without one is not in force', async () => {
    const response = await platform.query(
      GRANT,
      {
        input: { accountId: account('tomasz.zielinski'), permission: 'MANAGE_SECTIONS', channelId: channel('portal') },
      },
      'anna.kowalczyk',
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/MANAGE_SECTIONS/);

    const id = crypto.randomUUID();
    const now = new Date();
    await platform.subgraphs.access.db.getRepository(Grant).insert({
      id,
      accountId: account('tomasz.zielinski'),
      permission: 'MANAGE_SECTIONS',
      unitId: null,
      channelId: channel('portal'),
      designationId: null,
      validFrom: now,
      validUntil: null,
      basis: null,
      grantedByAccountId: account('anna.kowalczyk'),
      revokedAt: null,
      revokedByAccountId: null,
      revocationReason: null,
      createdAt: now,
    });
    expect(await grantOf('tomasz.zielinski', id)).toMatchObject({
      permission: 'MANAGE_SECTIONS',
      active: false,
      inactiveReason: expect.stringMatching(/no designation/),
    });
  });

  test('R-4.3 the same person is not designated twice by the same unit for the same channel while the first designation is in force', async () => {
    const designate = (channelKeys: string[] | null) =>
      platform.query(
        DESIGNATE,
        {
          input: {
            unitId: unit('kultura'),
            personId: person('kultura-staff-3'),
            channelIds: channelKeys?.map(channel) ?? null,
          },
        },
        'maria.wisniewska',
      );
    expect((await designate(['kultura-web'])).errors).toBeUndefined();
    for (const again of [['kultura-web'], ['portal', 'kultura-web'], null]) {
      const response = await designate(again);
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.errors![0].message).toMatch(/already designated.*withdraw/);
    }
    expect((await designate(['portal'])).errors).toBeUndefined();
    // Tomasz holds a designation for every channel of the culture department.
    const tomasz = await platform.query(
      DESIGNATE,
      { input: { unitId: unit('kultura'), personId: person('kultura-publisher'), channelIds: [channel('app')] } },
      'maria.wisniewska',
    );
    expect(errorCodes(tomasz)).toEqual(['CONFLICT']);
  });

  test('R-4.3 R-4.5 R-5.2.4 designations and grants are refused on channels that are not in service: proposed and retired', async () => {
    for (const key of ['festiwale-web', 'zielen-web']) {
      const designation = await platform.query(
        DESIGNATE,
        { input: { unitId: unit('kultura'), personId: person('kultura-staff-1'), channelIds: [channel(key)] } },
        'maria.wisniewska',
      );
      expect(errorCodes(designation)).toEqual(['CONFLICT']);
      expect(designation.errors![0].message).toMatch(key === 'zielen-web' ? /not approved yet/ : /retired/);
      const grant = await platform.query(
        GRANT,
        {
          input: {
            accountId: account('tomasz.zielinski'),
            permission: 'PUBLISH',
            unitId: unit('kultura'),
            channelId: channel(key),
          },
        },
        'anna.kowalczyk',
      );
      expect(errorCodes(grant)).toEqual(['CONFLICT']);
      expect(grant.errors![0].message).toMatch(key === 'zielen-web' ? /not approved yet/ : /retired/);
    }
  });
});
