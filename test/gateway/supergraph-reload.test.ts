import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, loadConfig } from '../../platform/config';
import { schemaPath } from '../../platform/schema-file';
import { startTestPlatform, type TestPlatform } from '../support/platform';

/** Composes the supergraph with one edit applied to the content subgraph's SDL. */
function composeWith(edit: (sdl: string) => string): string {
  const config = loadConfig({});
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => {
      const sdl = fs.readFileSync(schemaPath(name), 'utf8');
      return { name, url: config.urls[name], typeDefs: parse(name === 'content' ? edit(sdl) : sdl) };
    }),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

describe('the gateway serves the committed supergraph and reloads it when the file changes', () => {
  let platform: TestPlatform;
  let file: string;
  beforeAll(async () => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-supergraph-')), 'supergraph.graphql');
    fs.writeFileSync(
      file,
      composeWith((sdl) => sdl),
    );
    platform = await startTestPlatform({ SUPERGRAPH_PATH: file });
  });
  afterAll(() => platform?.stop());

  const TITLE_DESCRIPTION = '{ __type(name: "Document") { fields { name description } } }';
  const titleDescription = async () =>
    (await platform.query(TITLE_DESCRIPTION)).data!.__type.fields.find((f: { name: string }) => f.name === 'title')
      .description;

  test('a new supergraph takes effect without a restart; a broken one is refused and the old one kept', async () => {
    expect(await titleDescription()).toBe('Title.');
    fs.writeFileSync(
      file,
      composeWith((sdl) => sdl.replace('"Title."', '"Title as residents read it."')),
    );
    const deadline = Date.now() + 15_000;
    while ((await titleDescription()) !== 'Title as residents read it.' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await titleDescription()).toBe('Title as residents read it.');

    fs.writeFileSync(file, 'this is not a supergraph');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await titleDescription()).toBe('Title as residents read it.');
    const feed = await platform.query('{ documents(first: 1) { nodes { title } } }');
    expect(feed.data!.documents.nodes).toHaveLength(1);
  });
});
