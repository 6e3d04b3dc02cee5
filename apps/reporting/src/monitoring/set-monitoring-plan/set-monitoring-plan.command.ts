import { Command } from '@nestjs/cqrs';
import type { EffectMetric } from '@ips/contracts';
import type { MonitoringView } from '../monitoring-view';

/** Set (or, before any look, change) a trial's interim monitoring plan. */
export class SetMonitoringPlan extends Command<MonitoringView | null> {
  constructor(
    readonly trialId: string,
    readonly primaryOutcome: EffectMetric,
    readonly plannedParticipants: number,
    readonly alpha: number,
    readonly setBy: string,
  ) {
    super();
  }
}
