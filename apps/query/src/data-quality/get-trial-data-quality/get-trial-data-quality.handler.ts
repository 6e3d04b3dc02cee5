import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataQualityStore } from '@ips/persistence';
import { GetTrialDataQuality, type TrialDataQuality } from './get-trial-data-quality.query';

@QueryHandler(GetTrialDataQuality)
export class GetTrialDataQualityHandler implements IQueryHandler<GetTrialDataQuality, TrialDataQuality> {
  constructor(private readonly store: DataQualityStore) {}

  async execute(q: GetTrialDataQuality): Promise<TrialDataQuality> {
    const findings = await this.store.openFindings({ trialId: q.trialId, siteId: q.siteId });
    const byCode: Record<string, number> = {};
    const bySite: Record<string, number> = {};
    for (const f of findings) {
      byCode[f.code] = (byCode[f.code] ?? 0) + 1;
      bySite[f.siteId] = (bySite[f.siteId] ?? 0) + 1;
    }
    return { trialId: q.trialId, count: findings.length, byCode, bySite, findings };
  }
}
