/**
 * A promise that failed with nobody waiting for it is a bug, but it is one request's or one background job's
 * failure: the process (the city's whole platform, under `npm start`) goes on, and the failure is logged as an
 * error for the operator, instead of Node's default of ending the process.
 */
import { createLogger } from './logger';

export function logUnhandledRejections(service: string, level: string): void {
  const log = createLogger(service, level);
  process.on('unhandledRejection', (reason) =>
    log.error({ err: reason }, 'a promise failed with nobody waiting for it (a bug): logged; the service goes on'),
  );
}
