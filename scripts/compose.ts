/**
 * `npm run compose`: composes schema/supergraph.graphql from the subgraphs' SDL files with
 * @apollo/composition and copies each SDL into schema/. `--check` writes nothing and fails
 * when the committed files differ from a fresh composition (CI). `--partners-from <gateway URL>`
 * (with MPI_TOKEN) first checks that no served partner operation breaks (scripts/compose-partners.ts) and reports
 * which clients used each field the change removes or changes in the last 30 days (scripts/compose-usage.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, loadConfig } from '../platform/config';
import { projectRoot, schemaPath } from '../platform/schema-file';
import { checkPartners } from './compose-partners';
import { reportFieldUsage } from './compose-usage';

/** `--name value` or `--name=value` from the command line. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0) return process.argv[at + 1];
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const partnersFrom = option('partners-from') ?? process.env.COMPOSE_PARTNERS_FROM;
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
  const dir = path.join(projectRoot(), 'schema');
  const committed = path.join(dir, 'supergraph.graphql');
  // Schema-change safety, before anything is written: served partner operations must still validate.
  if (partnersFrom) {
    // Issue 14: who would notice, field by field (a report; it decides nothing).
    if (fs.existsSync(committed)) {
      const old = fs.readFileSync(committed, 'utf8');
      await reportFieldUsage(old, result.supergraphSdl, partnersFrom, process.env.MPI_TOKEN);
    }
    const verdict = await checkPartners(
      result.supergraphSdl,
      partnersFrom,
      process.env.MPI_TOKEN,
      process.argv.includes('--force'),
    );
    if (verdict !== 0) return verdict;
  } else {
    console.log(
      'Partner manifests and field usage not checked: pass --partners-from <gateway URL> with MPI_TOKEN (README, "Partners").',
    );
  }

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
  console.log(
    stale.length ? `Wrote ${stale.map(([file]) => `schema/${file}`).join(', ')}.` : 'schema/ already up to date.',
  );
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
