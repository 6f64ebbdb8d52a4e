/**
 * `npm run compose`: composes schema/supergraph.graphql from the subgraphs' SDL files with
 * @apollo/composition and copies each SDL into schema/. `--check` writes nothing and fails
 * when the committed files differ from a fresh composition (CI).
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, loadConfig } from '../subgraphs/common/config';
import 'reflect-metadata';
import { projectRoot, schemaPath } from '../subgraphs/common/schema-file';
import { openDatabase } from '../subgraphs/common/database';
import { createLogger } from '../subgraphs/common/logger';
import { access } from '../subgraphs/access';
import { breakingPartnerOperations } from '../subgraphs/access/domain/partners';

/**
 * Schema-change safety: warns about every operation in a served partner manifest that the new
 * supergraph would break. Reads the access database the configuration names (./data by default);
 * says so and goes on when there is none.
 */
async function warnAboutPartners(supergraphSdl: string): Promise<void> {
  const config = loadConfig({ ...process.env, SAMPLE_DATA: 'false', LOG_LEVEL: 'silent' });
  if (config.database.kind === 'sqlite' && !fs.existsSync(path.join(config.dataDir, 'access.sqlite'))) {
    console.log(`No access database at ${config.dataDir}: partner manifests not checked.`);
    return;
  }
  const { dataSource } = await openDatabase(config, access, createLogger('compose', 'silent'));
  try {
    const broken = await breakingPartnerOperations(dataSource, supergraphSdl);
    for (const b of broken) console.warn(`WARNING: this change breaks operation "${b.operation}" of partner "${b.partner}": ${b.problem}`);
    if (broken.length === 0) console.log('No served partner operation is broken by this supergraph.');
  } finally {
    await dataSource.destroy();
  }
}

function main(): number {
  const check = process.argv.includes('--check');
  // The URLs written into the supergraph are the defaults; the gateway overrides them from its configuration.
  const config = loadConfig({});
  const outputs = new Map<string, string>();
  const services = SUBGRAPH_NAMES.map((name) => {
    const sdl = fs.readFileSync(schemaPath(name), 'utf8');
    outputs.set(`${name}.graphql`, sdl);
    return { name, url: config.urls[name], typeDefs: parse(sdl) };
  });
  const result = composeServices(services);
  if (result.errors) {
    console.error('Composition failed:');
    for (const error of result.errors) console.error(`  - ${error.message}`);
    return 1;
  }
  for (const hint of result.hints ?? []) console.warn(`hint: ${hint.toString()}`);
  outputs.set('supergraph.graphql', result.supergraphSdl);
  supergraph = result.supergraphSdl;

  const dir = path.join(projectRoot(), 'schema');
  const stale = [...outputs].filter(([file, text]) => {
    const target = path.join(dir, file);
    return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text;
  });
  if (check) {
    if (stale.length === 0) {
      console.log('schema/ matches a fresh composition.');
      return 0;
    }
    console.error(`schema/ is stale (${stale.map(([file]) => file).join(', ')}): run \`npm run compose\` and commit.`);
    return 1;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of stale) fs.writeFileSync(path.join(dir, file), text);
  console.log(stale.length ? `Wrote ${stale.map(([file]) => `schema/${file}`).join(', ')}.` : 'schema/ already up to date.');
  return 0;
}

let supergraph: string | undefined;
process.exitCode = main();
if (process.exitCode === 0 && supergraph && !process.argv.includes('--check')) {
  warnAboutPartners(supergraph).catch((error: unknown) => console.warn(`Partner manifests not checked: ${error instanceof Error ? error.message : String(error)}`));
}
