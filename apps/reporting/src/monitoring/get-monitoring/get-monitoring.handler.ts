import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { interimLook, primaryEstimate } from '@ips/domain';
import { ReportSnapshotReader, TrialNotFoundError } from '../../reports/report-snapshot.reader';
import { MonitoringStore } from '../monitoring.store';
import { lookView, monitoringView, type MonitoringView } from '../monitoring-view';
import { GetMonitoring } from './get-monitoring.query';

export class NoMonitoringPlanError extends Error {}

@QueryHandler(GetMonitoring)
export class GetMonitoringHandler implements IQueryHandler<GetMonitoring, MonitoringView | null> {
  constructor(
    private readonly plans: MonitoringStore,
    private readonly snapshots: ReportSnapshotReader,
  ) {}

  async execute(query: GetMonitoring): Promise<MonitoringView | null> {
    let snapshot;
    try {
      snapshot = await this.snapshots.read(query.trialId);
    } catch (err) {
      if (err instanceof TrialNotFoundError) return null;
      throw err;
    }
    const plan = await this.plans.plan(query.trialId);
    if (plan === null) throw new NoMonitoringPlanError(`trial ${query.trialId} has no monitoring plan`);
    const looks = await this.plans.looks(query.trialId);
    const estimate = primaryEstimate(
      { trialId: query.trialId, asOf: query.asOf, journeys: snapshot.journeys },
      plan.primaryOutcome,
    );
    const next = interimLook(
      plan,
      looks.map((l) => l.informationFraction),
      estimate,
    );
    return monitoringView(plan, looks, next === null ? null : lookView(next, null, query.asOf));
  }
}
