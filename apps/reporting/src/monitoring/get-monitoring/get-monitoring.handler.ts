import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { monitoringResponse } from '@ips/domain';
import { ReportSnapshotReader, TrialNotFoundError } from '../../reports/report-snapshot.reader';
import { MonitoringStore } from '@ips/persistence';
import type { MonitoringView } from '../monitoring-view';
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
    return monitoringResponse(plan, looks, { asOf: query.asOf, journeys: snapshot.journeys });
  }
}
