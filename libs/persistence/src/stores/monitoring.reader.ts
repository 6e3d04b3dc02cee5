import { Injectable } from '@nestjs/common';
import type { EffectMetric } from '@ips/contracts';
import type { StoredMonitoringLook, StoredMonitoringPlan } from '@ips/domain';
import { DataSource, type EntityManager } from 'typeorm';

// DESIGN §6c: reading a trial's monitoring plan and its frozen looks (migration
// 1763900000700). The reporting service writes them (with its reports) and reads them
// through these functions; the query service reads them through MonitoringReader to answer
// GET …/monitoring for the dashboard. Only reads live here: writing a look belongs to the
// transaction that publishes its report.

type Queryable = Pick<EntityManager | DataSource, 'query'>;

interface LookRow {
  report_id: string;
  look: number;
  as_of: string;
  information_fraction: number;
  z: number;
  boundary: number;
  nominal_p: number;
  alpha_spent: number;
  crossed: boolean;
  published_at: Date;
}

/** The trial's plan, or null without one; `lock` holds the row (FOR UPDATE) in the caller's transaction. */
export async function readMonitoringPlan(
  q: Queryable,
  trialId: string,
  lock = false,
): Promise<StoredMonitoringPlan | null> {
  const rows: {
    primary_outcome: EffectMetric;
    planned_participants: number;
    alpha: number;
    set_at: Date;
  }[] = await q.query(
    `SELECT primary_outcome, planned_participants, alpha, set_at FROM monitoring_plans WHERE trial_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [trialId],
  );
  const r = rows[0];
  return r
    ? {
        trialId,
        primaryOutcome: r.primary_outcome,
        plannedParticipants: r.planned_participants,
        alpha: r.alpha,
        setAt: r.set_at,
      }
    : null;
}

/** The trial's looks, in publication order. */
export async function readMonitoringLooks(q: Queryable, trialId: string): Promise<StoredMonitoringLook[]> {
  const rows: LookRow[] = await q.query(
    `SELECT report_id, look, to_char(as_of, 'YYYY-MM-DD') AS as_of, information_fraction, z, boundary,
            nominal_p, alpha_spent, crossed, published_at
       FROM monitoring_looks WHERE trial_id = $1 ORDER BY look`,
    [trialId],
  );
  return rows.map((r) => ({
    reportId: r.report_id,
    look: r.look,
    asOf: r.as_of,
    informationFraction: r.information_fraction,
    z: r.z,
    boundary: r.boundary,
    nominalP: r.nominal_p,
    alphaSpent: r.alpha_spent,
    crossed: r.crossed,
    publishedAt: r.published_at,
  }));
}

/** The plan and its looks, read in one snapshot (a look and the plan it belongs to agree). */
@Injectable()
export class MonitoringReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(trialId: string): Promise<{ plan: StoredMonitoringPlan; looks: StoredMonitoringLook[] } | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const plan = await readMonitoringPlan(tx, trialId);
      return plan === null ? null : { plan, looks: await readMonitoringLooks(tx, trialId) };
    });
  }

  /** Which of these trials have a monitoring plan. */
  async planned(trialIds: readonly string[]): Promise<string[]> {
    if (trialIds.length === 0) return [];
    const rows: { trial_id: string }[] = await this.dataSource.query(
      `SELECT trial_id FROM monitoring_plans WHERE trial_id = ANY($1::text[]) ORDER BY trial_id`,
      [trialIds],
    );
    return rows.map((r) => r.trial_id);
  }
}
