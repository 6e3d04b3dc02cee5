import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async scope(principal: Principal, trialId: string, requestedSite?: string): Promise<TrialScope> {
    const rows: { start_date: string }[] = await this.dataSource.query(
      `SELECT to_char(start_date, 'YYYY-MM-DD') AS start_date FROM trials WHERE trial_id = $1`,
      [trialId],
    );
    if (principal.role === 'site') {
      const site: { trial_id: string }[] = await this.dataSource.query(
        `SELECT trial_id FROM sites WHERE site_id = $1`,
        [principal.siteId],
      );
      const ownTrial = site[0]?.trial_id;
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
    if (rows.length === 0) throw new ApiError(404, `trial ${trialId} does not exist`);
    return {
      trialId,
      startDate: rows[0].start_date,
      ownSite: principal.role === 'site' ? principal.siteId : null,
    };
  }
}
