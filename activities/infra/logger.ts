/**
 * Structured logging. Personal data must never reach a log line: known personal fields are
 * redacted by path as a backstop; code masks values (domain/identity) before logging them.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

const personalFields = ['idNumber', 'phone', 'name', 'password', 'token', 'authorization'];

export function createLogger(level: string, name = 'jiuye', destination?: DestinationStream): Logger {
  const options = {
    // Not pino's `name` option: `name` is a person's name in our payloads and is redacted.
    base: { service: name },
    level,
    redact: {
      paths: [...personalFields, ...personalFields.map((f) => `*.${f}`), ...personalFields.map((f) => `*.*.${f}`)],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
