/** Structured JSON logs (pino), one logger per server, named for it. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(name: string, level: string): Logger {
  return pino({ name, level, base: { service: name } });
}
