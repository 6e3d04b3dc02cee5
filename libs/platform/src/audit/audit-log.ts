import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LOGGER, type Logger } from '../logging/logger';
import { SERVICE_NAME } from '../service-name';

export interface AuditRecord {
  /** acting key id, or `anonymous` */
  actor: string;
  action: string;
  outcome: 'ok' | 'denied' | 'rejected' | 'failed';
  /** never a key, a secret or a participant id */
  details?: Record<string, unknown>;
}

/** Writes the append-only audit log: admin actions, auth failures, rejected batches. */
@Injectable()
export class AuditLog {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO audit_log (service, actor, action, outcome, details) VALUES ($1, $2, $3, $4, $5)`,
        [this.service, entry.actor, entry.action, entry.outcome, JSON.stringify(entry.details ?? {})],
      );
    } catch (err) {
      // The audit write must not turn a 401 into a 500; the log keeps the trace.
      this.logger.error(
        { action: entry.action, outcome: entry.outcome, err: (err as Error).message },
        'audit write failed',
      );
    }
  }
}
