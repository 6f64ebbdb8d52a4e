/** Reads a subgraph's SDL from its source folder, whether running from TypeScript or from dist/. */
import fs from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export function schemaPath(subgraph: string): string {
  return path.join(projectRoot(), 'subgraphs', subgraph, 'schema.graphql');
}

export function readSchema(subgraph: string): DocumentNode {
  return parse(fs.readFileSync(schemaPath(subgraph), 'utf8'));
}
