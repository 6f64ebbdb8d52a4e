/**
 * Schema-change safety (issue 11, "Partners and composition"): `npm run compose -- --partners-from <gateway>`
 * reads the operations partners are served through the running platform's API, as the editorial office
 * does, and refuses a supergraph that would break one unless forced.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { checkPartners } from '../../scripts/compose-partners';
import { SUBGRAPH_NAMES, loadConfig } from '../../platform/config';
import { schemaPath } from '../../platform/schema-file';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const GRAPHIC_LINE = 'query GraphicLine { graphicLine { version } }';
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

function supergraph(edit: (lifecycleSdl: string) => string = (sdl) => sdl): string {
  const config = loadConfig({});
  return composeServices(
    SUBGRAPH_NAMES.map((name) => {
      const sdl = fs.readFileSync(schemaPath(name), 'utf8');
      return { name, url: config.urls[name], typeDefs: parse(name === 'lifecycle' ? edit(sdl) : sdl) };
    }),
  ).supergraphSdl!;
}
const withoutGraphicLine = () =>
  supergraph((sdl) =>
    sdl.replace(/\n {2}"The current graphic line[^\n]*\n {2}graphicLine: GraphicLineVersion\n/, '\n'),
  );

describe('compose checks served partner operations through the platform API', () => {
  let platform: TestPlatform;
  let token: string;
  let errors: string[];
  beforeAll(async () => {
    platform = await startTestPlatform();
    token = await platform.token('anna.kowalczyk');
    const partner = await platform.query(
      'mutation { registerPartner(name: "Pogoda Kraków", contact: "api@example.pl") { id } }',
      {},
      'anna.kowalczyk',
    );
    const manifest = JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256(GRAPHIC_LINE), name: 'GraphicLine', type: 'query', body: GRAPHIC_LINE }],
    });
    const upload = await platform.query(
      'mutation($id: ID!, $m: String!) { uploadPersistedQueryManifest(partnerId: $id, manifest: $m) { accepted } }',
      { id: partner.data!.registerPartner.id, m: manifest },
      'anna.kowalczyk',
    );
    expect(upload.data!.uploadPersistedQueryManifest.accepted).toBe(1);
  });
  afterAll(() => platform?.stop());
  beforeEach(() => {
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test('a supergraph that keeps every served operation valid passes', async () => {
    expect(await checkPartners(supergraph(), platform.gatewayUrl, token, false)).toBe(0);
  });

  test('a change that breaks a served operation fails the composition, naming partner and operation; --force only warns', async () => {
    expect(await checkPartners(withoutGraphicLine(), platform.gatewayUrl, token, false)).toBe(1);
    expect(errors.join('\n')).toMatch(
      /breaks operation "GraphicLine" of partner "Pogoda Kraków": Cannot query field "graphicLine"/,
    );
    expect(await checkPartners(withoutGraphicLine(), platform.gatewayUrl, token, true)).toBe(0);
  });

  test('without a token, with a token that may not list partners, or with no platform there, it fails and says why', async () => {
    expect(await checkPartners(supergraph(), platform.gatewayUrl, undefined, false)).toBe(1);
    expect(errors.join('\n')).toMatch(/set MPI_TOKEN/);
    expect(await checkPartners(supergraph(), platform.gatewayUrl, await platform.token('pawel.mazur'), false)).toBe(1);
    expect(errors.join('\n')).toMatch(/refused to list partners/);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    expect(await checkPartners(supergraph(), `http://127.0.0.1:${port}/graphql`, token, false)).toBe(1);
    expect(errors.join('\n')).toMatch(/cannot be reached/);
  });
});
