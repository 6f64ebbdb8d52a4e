import { SignJWT, importJWK } from 'jose';
import { localSigningKey } from '../../platform/auth';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

describe('identity: bearer tokens verified by the gateway and by each subgraph', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const VIEWER = '{ viewer { login status person { name roles } } }';

  test('R-5.1 a signed-in editor-in-chief is recognised with roles from the organisation data', async () => {
    const response = await platform.query(VIEWER, {}, 'piotr.nowak');
    expect(response.errors).toBeUndefined();
    expect(response.data!.viewer).toEqual({
      login: 'piotr.nowak',
      status: 'ACTIVE',
      person: {
        name: 'Piotr Nowak',
        roles: expect.arrayContaining(['EDITOR_IN_CHIEF', 'EDITORIAL_OFFICE_MEMBER', 'UNIT_HEAD']),
      },
    });
  });

  test('a forged, malformed or expired token is refused with HTTP 401 and UNAUTHENTICATED', async () => {
    // A real token of one account with its payload rewritten to name another: the signature no longer matches.
    const [header, payload, signature] = (await platform.token('pawel.mazur')).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'piotr.nowak' })).toString('base64url');
    const forged = [header, forgedPayload, signature].join('.');
    for (const authorization of [
      `Bearer ${forged}`,
      'Basic cGlvdHI6c2VjcmV0',
      `Bearer ${await platform.token('piotr.nowak', -60)}`,
    ]) {
      const response = await platform.post(platform.gatewayUrl, { query: VIEWER }, authorization);
      expect(response.status).toBe(401);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors![0].message).toMatch(/token|Authorization/);
    }
  });

  test('a token for a login with no account is anonymous for reading and refused where an account is needed', async () => {
    expect((await platform.query('{ viewer { login } }', {}, 'nobody.here')).data).toEqual({ viewer: null });
    const response = await platform.query('{ accounts { nodes { login } } }', {}, 'nobody.here');
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors![0].message).toMatch(/No MPI account/);
  });

  test('R-5.2.5 a suspended account sees its own status and is refused anything that needs an account', async () => {
    expect((await platform.query('{ viewer { status } }', {}, 'zofia.krawczyk')).data).toEqual({
      viewer: { status: 'SUSPENDED' },
    });
    const response = await platform.query('{ accounts { nodes { login } } }', {}, 'zofia.krawczyk');
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors![0].message).toMatch(/suspended/);
  });

  test('a subgraph called directly without credentials gives nothing that needs them, even in a signed request', async () => {
    const access = platform.subgraphs.access.url;
    // Signed as a peer would sign (issue 12): past the signature, the caller's credentials still decide.
    const accounts = await platform.signedPost(access, { query: '{ accounts { nodes { login } } }' });
    expect(accounts.data?.accounts ?? null).toBeNull();
    expect(errorCodes(accounts)).toEqual(['UNAUTHENTICATED']);

    const personId = (await platform.query('{ viewer { person { id } } }', {}, 'anna.kowalczyk')).data!.viewer.person
      .id;
    const entities = await platform.signedPost(access, {
      query: 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { account { login } } } }',
      variables: { reps: [{ __typename: 'Person', id: personId }] },
    });
    expect(entities.data!._entities).toEqual([{ account: null }]);

    const forged = await platform.signedPost(
      access,
      { query: '{ accounts { nodes { login } } }' },
      'Bearer not-a-token',
    );
    expect(forged.status).toBe(401);
  });

  test('the same subgraph called directly (signed) with a valid token answers as the gateway would', async () => {
    const response = await platform.signedPost(
      platform.subgraphs.access.url,
      { query: '{ accounts(first: 100) { nodes { login status } } }' },
      `Bearer ${await platform.token('anna.kowalczyk')}`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.accounts.nodes).toContainEqual({ login: 'zofia.krawczyk', status: 'SUSPENDED' });
  });

  test('a token that never expires, or lives longer than JWT_MAX_LIFETIME_SECONDS, is refused with 401', async () => {
    const { kid, privateJwk } = await localSigningKey(platform.config.dataDir);
    const key = await importJWK(privateJwk, 'ES256');
    const sign = (lifetime: number | null, issuedAgo = 0) => {
      const jwt = new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject('anna.kowalczyk')
        .setIssuer(platform.config.jwt.issuer)
        .setAudience(platform.config.jwt.audience)
        .setIssuedAt(Math.floor(Date.now() / 1000) - issuedAgo);
      if (lifetime !== null) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + lifetime);
      return jwt.sign(key);
    };
    const viewer = async (token: string) =>
      platform.post(platform.gatewayUrl, { query: '{ viewer { login } }' }, `Bearer ${token}`);
    expect((await viewer(await sign(3600))).data!.viewer.login).toBe('anna.kowalczyk');
    const forever = await viewer(await sign(null));
    expect([forever.status, forever.errors![0].message]).toEqual([401, expect.stringMatching(/no expiry/)]);
    const thirtyDays = await viewer(await sign(30 * 24 * 3600));
    expect([thirtyDays.status, thirtyDays.errors![0].message]).toEqual([
      401,
      expect.stringMatching(/longer than the platform allows/),
    ]);
    const issuedLongAgo = await viewer(await sign(3600, 13 * 3600));
    expect(issuedLongAgo.status).toBe(401);
  });
});
