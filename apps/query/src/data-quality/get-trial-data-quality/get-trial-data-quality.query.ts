import { Query } from '@nestjs/cqrs';
import type { TrialDataQuality } from '@ips/contracts';

export type { DataQualityFinding, TrialDataQuality } from '@ips/contracts';

/** What data-quality findings does the trial (or one of its sites) have open? */
export class GetTrialDataQuality extends Query<TrialDataQuality> {
  constructor(
    readonly trialId: string,
    readonly siteId: string | null,
  ) {
    super();
  }
}
