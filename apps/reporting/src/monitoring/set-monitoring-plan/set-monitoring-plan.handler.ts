import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { primaryEstimate } from '@ips/domain';
import { AuditLog, CLOCK, utcToday, type Clock } from '@ips/platform';
import { ReportSnapshotReader, TrialNotFoundError } from '../../reports/report-snapshot.reader';
import { MonitoringStore } from '@ips/persistence';
import { monitoringView, type MonitoringView } from '../monitoring-view';
import { SetMonitoringPlan } from './set-monitoring-plan.command';

export class PlanAfterLookError extends Error {}
export class PlanBelowFollowUpError extends Error {}

@CommandHandler(SetMonitoringPlan)
export class SetMonitoringPlanHandler implements ICommandHandler<SetMonitoringPlan, MonitoringView | null> {
  constructor(
    private readonly plans: MonitoringStore,
    private readonly snapshots: ReportSnapshotReader,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: SetMonitoringPlan): Promise<MonitoringView | null> {
    let snapshot;
    try {
      snapshot = await this.snapshots.read(command.trialId);
    } catch (err) {
      if (err instanceof TrialNotFoundError) return null;
      throw err;
    }
    const today = utcToday(this.clock);
    const { followUpComplete } = primaryEstimate(
      { trialId: command.trialId, asOf: today, journeys: snapshot.journeys },
      command.primaryOutcome,
    );
    if (command.plannedParticipants < followUpComplete) {
      await this.refused(command, 'below_follow_up');
      throw new PlanBelowFollowUpError(
        `plannedParticipants (${command.plannedParticipants}) is below the ${followUpComplete} participants already followed up for 12 months`,
      );
    }
    const plan = {
      trialId: command.trialId,
      primaryOutcome: command.primaryOutcome,
      plannedParticipants: command.plannedParticipants,
      alpha: command.alpha,
    };
    try {
      await this.plans.put(plan, this.clock.now(), command.setBy, (looks) => {
        if (looks.length > 0) {
          throw new PlanAfterLookError(
            `the plan cannot change after a look: look ${looks.length} was taken with report ${looks[looks.length - 1].reportId}`,
          );
        }
      });
    } catch (err) {
      if (err instanceof PlanAfterLookError) await this.refused(command, 'after_look');
      throw err;
    }
    await this.audit.record({
      actor: command.setBy,
      action: 'monitoring.plan.set',
      outcome: 'ok',
      details: { ...plan },
    });
    const stored = await this.plans.plan(command.trialId);
    return stored ? monitoringView(stored, [], null) : null;
  }

  private async refused(command: SetMonitoringPlan, reason: string): Promise<void> {
    await this.audit.record({
      actor: command.setBy,
      action: 'monitoring.plan.set',
      outcome: 'rejected',
      details: { trialId: command.trialId, reason },
    });
  }
}
