import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MonitoringResponse } from '@ips/contracts';
import { monitoringResponse } from '@ips/domain';
import { JourneyReader, MonitoringReader } from '@ips/persistence';
import { GetMonitoring } from './get-monitoring.query';

/**
 * DESIGN §6c, answered by the query service for the dashboard (docs/decisions.md): the plan
 * and frozen looks the reporting service stored, read through libs/persistence, and the
 * next look computed by libs/domain's monitoringResponse from the same journeys the
 * outcomes are computed from. Null when the trial has no plan.
 */
@QueryHandler(GetMonitoring)
export class GetMonitoringHandler implements IQueryHandler<GetMonitoring, MonitoringResponse | null> {
  constructor(
    private readonly monitoring: MonitoringReader,
    private readonly journeys: JourneyReader,
  ) {}

  async execute(query: GetMonitoring): Promise<MonitoringResponse | null> {
    const stored = await this.monitoring.read(query.trialId);
    if (stored === null) return null;
    const journeys = await this.journeys.journeysOf(query.trialId);
    return monitoringResponse(stored.plan, stored.looks, { asOf: query.asOf, journeys });
  }
}
