import { Query } from '@nestjs/cqrs';

export interface DataQualityFinding {
  siteId: string;
  participantId: string;
  code: string;
  eventId: string;
  occurredOn: string;
  message: string;
}

export interface TrialDataQuality {
  trialId: string;
  count: number;
  byCode: Record<string, number>;
  bySite: Record<string, number>;
  findings: DataQualityFinding[];
}

/** What data-quality findings does the trial (or one of its sites) have open? */
export class GetTrialDataQuality extends Query<TrialDataQuality> {
  constructor(
    readonly trialId: string,
    readonly siteId: string | null,
  ) {
    super();
  }
}
