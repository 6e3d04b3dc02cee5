import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@ips/platform';
import type { CrashPoint } from '../projector.config';

export const FAULTS = Symbol('FAULTS');
export interface FaultSettings {
  crashAt: CrashPoint;
  crashAfterBatches: number;
}

/**
 * Test hook for the crash-safety suite: kills the process (SIGKILL, no clean-up) at a
 * chosen point of the Nth sub-batch. Inert unless PROJECTOR_CRASH_AT is set.
 */
@Injectable()
export class FaultInjector {
  private batches = 0;

  constructor(
    @Inject(FAULTS) private readonly settings: FaultSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  batchStarted(): void {
    this.batches++;
  }

  at(point: CrashPoint): void {
    if (this.settings.crashAt !== point || this.batches <= this.settings.crashAfterBatches) return;
    this.logger.warn({ point, batch: this.batches }, 'fault injection: killing the projector');
    process.kill(process.pid, 'SIGKILL');
  }
}
