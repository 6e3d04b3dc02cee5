import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

// Structured JSON logs (pino). Rule: never log a participant id, an API key or a secret.
// The redaction list is a second line of defence for fields that should never be logged.
const REDACT = [
  'apiKey',
  'key',
  'secret',
  'authorization',
  'participantId',
  '*.apiKey',
  '*.secret',
  '*.authorization',
  '*.participantId',
  'req.headers.authorization',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Nest's logger interface on top of pino, so framework messages are JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, stringify(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, stringify(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, stringify(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, stringify(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return JSON.stringify(message);
}

export const LOGGER = Symbol('LOGGER');
export type { Logger };
