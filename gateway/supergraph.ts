/**
 * Serves the committed supergraph (schema/supergraph.graphql) and reloads it when the file
 * changes, after a health check of the subgraphs; a broken file is logged and the old one kept.
 */
import fs from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '../platform/logger';

export function supergraphFromFile(file: string, log: Logger, pollMs = 1000): SupergraphSdlHook {
  return async ({ update, healthCheck }) => {
    let current = fs.readFileSync(file, 'utf8');
    const onChange = () => {
      let next: string;
      try {
        next = fs.readFileSync(file, 'utf8');
      } catch (error) {
        log.error({ err: error }, 'supergraph file unreadable; keeping the loaded one');
        return;
      }
      if (next === current) return;
      healthCheck(next)
        .then(() => {
          update(next);
          current = next;
          log.info({ file }, 'supergraph reloaded');
        })
        .catch((error: unknown) => log.error({ err: error }, 'new supergraph rejected; keeping the loaded one'));
    };
    fs.watchFile(file, { interval: pollMs }, onChange);
    return {
      supergraphSdl: current,
      cleanup: async () => fs.unwatchFile(file, onChange),
    };
  };
}
