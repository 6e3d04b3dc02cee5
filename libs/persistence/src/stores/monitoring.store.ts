import { Injectable } from '@nestjs/common';
import type { InterimLook, MonitoringPlan, StoredMonitoringLook, StoredMonitoringPlan } from '@ips/domain';
import { readMonitoringLooks, readMonitoringPlan } from './monitoring.reader';
import { DataSource, type EntityManager } from 'typeorm';

export type StoredPlan = StoredMonitoringPlan;
export type StoredLook = StoredMonitoringLook;

/** DESIGN §6c: monitoring plans and their frozen looks. */
@Injectable()
export class MonitoringStore {
  constructor(private readonly dataSource: DataSource) {}

  async plan(
    trialId: string,
    tx: EntityManager | DataSource = this.dataSource,
    lock = false,
  ): Promise<StoredPlan | null> {
    return readMonitoringPlan(tx, trialId, lock);
  }

  async looks(trialId: string, tx: EntityManager | DataSource = this.dataSource): Promise<StoredLook[]> {
    return readMonitoringLooks(tx, trialId);
  }

  /** Sets the plan, in a transaction that holds the plan row; `decide` may refuse (throw) seeing the looks so far. */
  async put(
    plan: MonitoringPlan & { trialId: string },
    at: Date,
    by: string,
    decide: (looks: StoredLook[]) => void,
  ) {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ips:monitoring:${plan.trialId}`]);
      decide(await this.looks(plan.trialId, tx));
      await tx.query(
        `INSERT INTO monitoring_plans (trial_id, primary_outcome, planned_participants, alpha, set_at, set_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (trial_id) DO UPDATE SET primary_outcome = $2, planned_participants = $3, alpha = $4, set_at = $5, set_by = $6`,
        [plan.trialId, plan.primaryOutcome, plan.plannedParticipants, plan.alpha, at, by],
      );
    });
  }

  /**
   * Within the transaction that stores the report, before it is written: takes the trial's
   * monitoring lock (serialising with plan changes and other looks) and decides whether the
   * report is a look. Null when the trial has no plan.
   */
  async decideLook(
    tx: EntityManager,
    trialId: string,
    lookOf: (plan: StoredPlan, previous: StoredLook[]) => InterimLook | null,
  ): Promise<{ plan: StoredPlan; previous: StoredLook[]; look: InterimLook | null } | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ips:monitoring:${trialId}`]);
    const plan = await this.plan(trialId, tx);
    if (plan === null) return null;
    const previous = await this.looks(trialId, tx);
    return { plan, previous, look: lookOf(plan, previous) };
  }

  /** Freezes the look decided by `decideLook`, in the same transaction, once the report row exists. */
  async insertLook(
    tx: EntityManager,
    trialId: string,
    reportId: string,
    lookNumber: number,
    asOf: string,
    publishedAt: Date,
    look: InterimLook,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO monitoring_looks (report_id, trial_id, look, as_of, information_fraction, z, boundary, nominal_p,
                                     alpha_spent, crossed, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        reportId,
        trialId,
        lookNumber,
        asOf,
        look.informationFraction,
        look.z,
        look.boundary,
        look.nominalP,
        look.alphaSpent,
        look.crossed,
        publishedAt,
      ],
    );
  }
}
