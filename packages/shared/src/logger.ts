import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout. Secrets are never passed to the logger. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] });
}
