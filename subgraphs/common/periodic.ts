/**
 * A subgraph's work done on its own every so often (scheduled publishing, overdue tickets, expired uploads): one
 * pass at a time, a failed pass logged and the next one tried, and `stop` waiting for the pass under way.
 */
import type { Logger } from '../../platform/logger';
import type { BackgroundJob } from './server';

export function periodicJob(
  intervalMs: number,
  pass: () => Promise<unknown>,
  log: Logger,
  what: string,
  options: { atStart?: boolean } = {},
): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(pass).catch((error: unknown) => log.error({ err: error }, `${what} failed`));
  };
  return {
    start() {
      if (options.atStart) tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
