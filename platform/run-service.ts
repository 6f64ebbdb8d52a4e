/**
 * One service in its own process (`node dist/gateway/index.js`, `node dist/subgraphs/content/index.js`):
 * tracing started under its name, and on SIGINT or SIGTERM the service stopped, the spans still
 * buffered sent, and the process ended. A failed start prints why and exits 1.
 */
import { startTracing, stopTracing } from './tracing';
import { logUnhandledRejections } from './unhandled-rejections';
import type { TracingConfig } from './tracing';

export function runService(
  serviceName: string,
  tracing: TracingConfig,
  start: () => Promise<{ stop(): Promise<unknown> }>,
): void {
  startTracing(serviceName, tracing);
  logUnhandledRejections(serviceName, process.env.LOG_LEVEL ?? 'info');
  start()
    .then((running) => {
      const stop = () =>
        void running
          .stop()
          .then(stopTracing)
          .then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
