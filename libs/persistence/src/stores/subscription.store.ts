import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SealedSecret, SecretSealer } from './sealed-secret';

export interface Subscription {
  subscriptionId: string;
  trialId: string | null;
  url: string;
  createdAt: string;
  revokedAt: string | null;
  deliveries: { pending: number; delivered: number; failed: number };
  lastDelivery: DeliveryStatus | null;
}

export interface DeliveryStatus {
  deliveryId: string;
  subscriptionId: string;
  reportId: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export interface DueDelivery {
  deliveryId: string;
  subscriptionId: string;
  reportId: string;
  attempts: number;
  url: string;
  secret: SealedSecret;
  revoked: boolean;
}

export type AttemptResult =
  | { ok: true; statusCode: number }
  | { ok: false; statusCode: number | null; error: string; retryAt: Date | null };

const DELIVERY_COLUMNS = `d.delivery_id, d.subscription_id, d.report_id, s.url, d.status, d.attempts, d.last_attempt_at, d.last_status_code,
  d.last_error, d.next_attempt_at, d.delivered_at`;

interface DeliveryRow {
  delivery_id: string;
  subscription_id: string;
  report_id: string;
  url: string;
  status: DeliveryStatus['status'];
  attempts: number;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
}

/** Webhook subscriptions (secrets sealed) and their deliveries, one row per subscriber and report. */
@Injectable()
export class SubscriptionStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    input: { trialId: string | null; url: string; secret: string },
    box: SecretSealer,
    createdBy: string,
    now: Date,
  ): Promise<Subscription> {
    const subscriptionId = randomUUID();
    const sealed = box.seal(input.secret, subscriptionId);
    await this.dataSource.query(
      `INSERT INTO report_subscriptions (subscription_id, trial_id, url, secret_ciphertext, secret_key_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [subscriptionId, input.trialId, input.url, sealed.sealed, sealed.keyId, createdBy, now],
    );
    return (await this.get(subscriptionId))!;
  }

  async exists(subscriptionId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM report_subscriptions WHERE subscription_id = $1`,
      [subscriptionId],
    );
    return rows.length > 0;
  }

  async get(subscriptionId: string): Promise<Subscription | null> {
    return (await this.list(subscriptionId))[0] ?? null;
  }

  async list(subscriptionId?: string): Promise<Subscription[]> {
    const rows: {
      subscription_id: string;
      trial_id: string | null;
      url: string;
      created_at: Date;
      revoked_at: Date | null;
      pending: number;
      delivered: number;
      failed: number;
    }[] = await this.dataSource.query(
      `SELECT s.subscription_id, s.trial_id, s.url, s.created_at, s.revoked_at,
              count(*) FILTER (WHERE d.status = 'pending')::int AS pending,
              count(*) FILTER (WHERE d.status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE d.status = 'failed')::int AS failed
         FROM report_subscriptions s LEFT JOIN report_deliveries d USING (subscription_id)
        WHERE $1::uuid IS NULL OR s.subscription_id = $1
        GROUP BY s.subscription_id ORDER BY s.created_at, s.subscription_id`,
      [subscriptionId ?? null],
    );
    const last = await this.deliveries({ subscriptionId, latestPerSubscription: true, limit: 10_000 });
    const lastBySubscription = new Map(last.map((d) => [d.subscriptionId, d]));
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      trialId: r.trial_id,
      url: r.url,
      createdAt: new Date(r.created_at).toISOString(),
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
      deliveries: { pending: r.pending, delivered: r.delivered, failed: r.failed },
      lastDelivery: lastBySubscription.get(r.subscription_id) ?? null,
    }));
  }

  /** Revokes a subscription; its pending deliveries are given up. False when there is no such active subscription. */
  async revoke(subscriptionId: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const result = await tx.query(
        `UPDATE report_subscriptions SET revoked_at = $2 WHERE subscription_id = $1 AND revoked_at IS NULL RETURNING subscription_id`,
        [subscriptionId, now],
      );
      const rows = Array.isArray(result[0]) ? result[0] : result;
      if (rows.length === 0) return false;
      await tx.query(
        `UPDATE report_deliveries SET status = 'failed', last_error = 'subscription revoked', lease_until = NULL
          WHERE subscription_id = $1 AND status = 'pending'`,
        [subscriptionId],
      );
      return true;
    });
  }

  async deliveries(filter: {
    subscriptionId?: string;
    reportId?: string;
    latestPerSubscription?: boolean;
    limit: number;
  }): Promise<DeliveryStatus[]> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${filter.latestPerSubscription ? 'DISTINCT ON (d.subscription_id)' : ''} ${DELIVERY_COLUMNS}
         FROM report_deliveries d JOIN report_subscriptions s USING (subscription_id)
        WHERE ($1::uuid IS NULL OR d.subscription_id = $1) AND ($2::uuid IS NULL OR d.report_id = $2)
        ORDER BY ${filter.latestPerSubscription ? 'd.subscription_id, ' : ''}d.created_at DESC, d.delivery_id
        LIMIT $3`,
      [filter.subscriptionId ?? null, filter.reportId ?? null, filter.limit],
    );
    return rows.map(toDeliveryStatus);
  }

  /** Leases up to `limit` due deliveries (skipping those another instance holds), oldest due first. */
  async claimDue(now: Date, leaseMs: number, limit: number, trialIdLike: string): Promise<DueDelivery[]> {
    const result = await this.dataSource.query(
      `UPDATE report_deliveries d SET lease_until = $2
         FROM report_subscriptions s
        WHERE d.delivery_id IN (
                SELECT dd.delivery_id FROM report_deliveries dd JOIN reports r USING (report_id)
                 WHERE dd.status = 'pending' AND dd.next_attempt_at <= $1 AND (dd.lease_until IS NULL OR dd.lease_until <= $1)
                   AND r.trial_id LIKE $4
                 ORDER BY dd.next_attempt_at, dd.delivery_id LIMIT $3 FOR UPDATE OF dd SKIP LOCKED)
          AND s.subscription_id = d.subscription_id
        RETURNING d.delivery_id, d.subscription_id, d.report_id, d.attempts, s.url, s.secret_ciphertext, s.secret_key_id, s.revoked_at`,
      [now, new Date(now.getTime() + leaseMs), limit, trialIdLike],
    );
    const rows = (Array.isArray(result[0]) ? result[0] : result) as {
      delivery_id: string;
      subscription_id: string;
      report_id: string;
      attempts: number;
      url: string;
      secret_ciphertext: Buffer;
      secret_key_id: string;
      revoked_at: Date | null;
    }[];
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      subscriptionId: r.subscription_id,
      reportId: r.report_id,
      attempts: r.attempts,
      url: r.url,
      secret: { sealed: r.secret_ciphertext, keyId: r.secret_key_id },
      revoked: r.revoked_at !== null,
    }));
  }

  async recordAttempt(deliveryId: string, attempts: number, at: Date, result: AttemptResult): Promise<void> {
    if (result.ok) {
      await this.dataSource.query(
        `UPDATE report_deliveries SET status = 'delivered', attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = NULL,
                delivered_at = $3, lease_until = NULL WHERE delivery_id = $1`,
        [deliveryId, attempts, at, result.statusCode],
      );
      return;
    }
    await this.dataSource.query(
      `UPDATE report_deliveries SET status = $5, attempts = $2, last_attempt_at = $3, last_status_code = $4, last_error = $6,
              next_attempt_at = coalesce($7, next_attempt_at), lease_until = NULL WHERE delivery_id = $1`,
      [
        deliveryId,
        attempts,
        at,
        result.statusCode,
        result.retryAt === null ? 'failed' : 'pending',
        result.error.slice(0, 500),
        result.retryAt,
      ],
    );
  }
}

function toDeliveryStatus(r: DeliveryRow): DeliveryStatus {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    deliveryId: r.delivery_id,
    subscriptionId: r.subscription_id,
    reportId: r.report_id,
    url: r.url,
    status: r.status,
    attempts: r.attempts,
    lastAttemptAt: iso(r.last_attempt_at),
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    deliveredAt: iso(r.delivered_at),
  };
}
