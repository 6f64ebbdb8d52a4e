/** Structured JSON logs (pino), one logger per server, named for it; a line made within a traced request names its trace. */
import pino, { type Logger } from 'pino';
import { traceFields } from './tracing';

export type { Logger };

export function createLogger(name: string, level: string): Logger {
  return pino({ name, level, base: { service: name }, mixin: traceFields });
}
