import { Injectable } from '@nestjs/common';
import { TrialsStore } from '@ips/persistence';
import { ApiError, AuditLog, type Principal } from '@ips/platform';

export interface TrialScope {
  trialId: string;
  startDate: string;
  /** set for a site key: everything it reads is limited to its own site */
  ownSite: string | null;
}

/**
 * Who may read which trial: evaluators and programme leads read any trial; a site key
 * reads only its own site of its own trial. Unknown trials are 404 for everyone allowed in.
 */
@Injectable()
export class TrialAccess {
  constructor(
    private readonly trials: TrialsStore,
    private readonly audit: AuditLog,
  ) {}

  async scope(principal: Principal, trialId: string, requestedSite?: string): Promise<TrialScope> {
    const startDate = await this.trials.startDate(trialId);
    if (principal.role === 'site') {
      const ownTrial = principal.siteId === null ? null : await this.trials.trialOfSite(principal.siteId);
      if (ownTrial !== trialId || (requestedSite !== undefined && requestedSite !== principal.siteId)) {
        await this.audit.record({
          actor: principal.keyId,
          action: 'trial.read',
          outcome: 'denied',
          details: { trialId, requestedSite },
        });
        throw new ApiError(403, 'a site key reads only its own site of its own trial');
      }
    }
    if (startDate === null) throw new ApiError(404, `trial ${trialId} does not exist`);
    return {
      trialId,
      startDate,
      ownSite: principal.role === 'site' ? principal.siteId : null,
    };
  }
}
