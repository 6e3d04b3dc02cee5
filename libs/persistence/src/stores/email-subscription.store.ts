import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SealedSecret, SecretSealer } from './sealed-secret';

export type EmailSubscriptionStatus = 'pending' | 'confirmed' | 'ended';
export type EmailDeliveryKind = 'confirmation' | 'report';

export interface EmailSubscription {
  subscriptionId: string;
  trialId: string | null;
  /** null when it was sealed under another REPORTING_SECRET_KEY than the one configured */
  address: string | null;
  status: EmailSubscriptionStatus;
  createdAt: string;
  confirmedAt: string | null;
  endedAt: string | null;
  endedBy: 'unsubscribe link' | 'api' | null;
  deliveries: { pending: number; delivered: number; failed: number };
}

export interface EmailDeliveryStatus {
  deliveryId: string;
  subscriptionId: string;
  kind: EmailDeliveryKind;
  reportId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastResponse: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/** A delivery leased to this instance: everything needed to write and send it. */
export interface DueEmail {
  deliveryId: string;
  /** this attempt's hold on the row: renewing the lease and recording the outcome need it */
  leaseToken: string;
  subscriptionId: string;
  kind: EmailDeliveryKind;
  reportId: string | null;
  /** including the attempt about to be made */
  attempts: number;
  trialId: string | null;
  trialName: string | null;
  address: SealedSecret;
  subscriptionStatus: EmailSubscriptionStatus;
}

export type EmailAttemptResult =
  | { ok: true; response: string }
  | { ok: false; error: string; response: string | null; retryAt: Date | null };

export class DuplicateEmailSubscriptionError extends Error {
  constructor(readonly existingId: string) {
    super(`this address is already subscribed to these reports (subscription ${existingId})`);
  }
}

interface SubscriptionRow {
  subscription_id: string;
  trial_id: string | null;
  address_ciphertext: Buffer;
  address_key_id: string;
  status: EmailSubscriptionStatus;
  created_at: Date;
  confirmed_at: Date | null;
  ended_at: Date | null;
  ended_by: string | null;
  pending: number;
  delivered: number;
  failed: number;
}

function openOrNull(box: SecretSealer, sealed: SealedSecret, subscriptionId: string): string | null {
  try {
    return box.open(sealed, subscriptionId);
  } catch {
    return null;
  }
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray((result as unknown[])[0]) ? (result as unknown[][])[0] : result) as T[];

/**
 * E-mail subscriptions (addresses sealed, a keyed digest to spot repeats) and their
 * deliveries: one confirmation per subscription, one message per (subscription, report).
 */
@Injectable()
export class EmailSubscriptionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** A pending subscription and its confirmation message, in one transaction. */
  async create(
    input: { trialId: string | null; address: string; addressDigest: string; scope: string },
    box: SecretSealer,
    createdBy: string,
    now: Date,
  ): Promise<EmailSubscription> {
    const subscriptionId = randomUUID();
    const sealed = box.seal(input.address, subscriptionId);
    await this.dataSource.transaction(async (tx) => {
      // serialise subscriptions of one address, so the live-subscription index decides cleanly
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ips:email:${input.addressDigest}`]);
      const existing: { subscription_id: string }[] = await tx.query(
        `SELECT subscription_id FROM email_subscriptions
          WHERE address_digest = $1 AND coalesce(trial_id, '') = coalesce($2, '') AND status <> 'ended'`,
        [input.addressDigest, input.trialId],
      );
      if (existing.length > 0) throw new DuplicateEmailSubscriptionError(existing[0].subscription_id);
      await tx.query(
        `INSERT INTO email_subscriptions (subscription_id, trial_id, address_ciphertext, address_key_id, address_digest,
                                          status, scope, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8)`,
        [
          subscriptionId,
          input.trialId,
          sealed.sealed,
          sealed.keyId,
          input.addressDigest,
          input.scope,
          createdBy,
          now,
        ],
      );
      await tx.query(
        `INSERT INTO email_deliveries (delivery_id, subscription_id, kind, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, 'confirmation', 'pending', 0, $3, $3)`,
        [randomUUID(), subscriptionId, now],
      );
    });
    return (await this.get(subscriptionId, box))!;
  }

  async get(subscriptionId: string, box: SecretSealer): Promise<EmailSubscription | null> {
    return (await this.list(box, subscriptionId))[0] ?? null;
  }

  async exists(subscriptionId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM email_subscriptions WHERE subscription_id = $1`,
      [subscriptionId],
    );
    return rows.length > 0;
  }

  async list(box: SecretSealer, subscriptionId?: string): Promise<EmailSubscription[]> {
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `SELECT s.subscription_id, s.trial_id, s.address_ciphertext, s.address_key_id, s.status, s.created_at,
              s.confirmed_at, s.ended_at, s.ended_by,
              count(d.delivery_id) FILTER (WHERE d.status = 'pending')::int AS pending,
              count(d.delivery_id) FILTER (WHERE d.status = 'delivered')::int AS delivered,
              count(d.delivery_id) FILTER (WHERE d.status = 'failed')::int AS failed
         FROM email_subscriptions s LEFT JOIN email_deliveries d USING (subscription_id)
        WHERE $1::uuid IS NULL OR s.subscription_id = $1
        GROUP BY s.subscription_id ORDER BY s.created_at, s.subscription_id`,
      [subscriptionId ?? null],
    );
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      trialId: r.trial_id,
      address: openOrNull(box, { sealed: r.address_ciphertext, keyId: r.address_key_id }, r.subscription_id),
      status: r.status,
      createdAt: iso(r.created_at)!,
      confirmedAt: iso(r.confirmed_at),
      endedAt: iso(r.ended_at),
      endedBy: r.ended_by === null ? null : r.ended_by === 'unsubscribe link' ? 'unsubscribe link' : 'api',
      deliveries: { pending: r.pending, delivered: r.delivered, failed: r.failed },
    }));
  }

  /** What a link's holder may see about a subscription (no address in clear). */
  async describe(subscriptionId: string): Promise<{
    status: EmailSubscriptionStatus;
    trialId: string | null;
    trialName: string | null;
    address: SealedSecret;
  } | null> {
    const rows: {
      status: EmailSubscriptionStatus;
      trial_id: string | null;
      name: string | null;
      address_ciphertext: Buffer;
      address_key_id: string;
    }[] = await this.dataSource.query(
      `SELECT s.status, s.trial_id, t.name, s.address_ciphertext, s.address_key_id
         FROM email_subscriptions s LEFT JOIN trials t USING (trial_id) WHERE s.subscription_id = $1`,
      [subscriptionId],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      status: r.status,
      trialId: r.trial_id,
      trialName: r.name,
      address: { sealed: r.address_ciphertext, keyId: r.address_key_id },
    };
  }

  /** pending → confirmed. Returns the status after the call (null: no such subscription). */
  async confirm(subscriptionId: string, now: Date): Promise<EmailSubscriptionStatus | null> {
    const rows = rowsOf<{ status: EmailSubscriptionStatus }>(
      await this.dataSource.query(
        `UPDATE email_subscriptions SET status = 'confirmed', confirmed_at = $2
          WHERE subscription_id = $1 AND status = 'pending' RETURNING status`,
        [subscriptionId, now],
      ),
    );
    if (rows.length > 0) return 'confirmed';
    return (await this.describe(subscriptionId))?.status ?? null;
  }

  /** Ends a live subscription and gives up its pending messages. False when there is no live one. */
  async end(subscriptionId: string, endedBy: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const rows = rowsOf(
        await tx.query(
          `UPDATE email_subscriptions SET status = 'ended', ended_at = $2, ended_by = $3
            WHERE subscription_id = $1 AND status <> 'ended' RETURNING subscription_id`,
          [subscriptionId, now, endedBy],
        ),
      );
      if (rows.length === 0) return false;
      await tx.query(
        `UPDATE email_deliveries SET status = 'failed', last_error = 'subscription ended', lease_until = NULL, lease_token = NULL
          WHERE subscription_id = $1 AND status = 'pending'`,
        [subscriptionId],
      );
      return true;
    });
  }

  async deliveries(filter: {
    subscriptionId?: string;
    reportId?: string;
    limit: number;
  }): Promise<EmailDeliveryStatus[]> {
    const rows: {
      delivery_id: string;
      subscription_id: string;
      kind: EmailDeliveryKind;
      report_id: string | null;
      status: EmailDeliveryStatus['status'];
      attempts: number;
      last_attempt_at: Date | null;
      last_error: string | null;
      last_response: string | null;
      next_attempt_at: Date;
      delivered_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT delivery_id, subscription_id, kind, report_id, status, attempts, last_attempt_at, last_error, last_response,
              next_attempt_at, delivered_at
         FROM email_deliveries
        WHERE ($1::uuid IS NULL OR subscription_id = $1) AND ($2::uuid IS NULL OR report_id = $2)
        ORDER BY created_at DESC, delivery_id LIMIT $3`,
      [filter.subscriptionId ?? null, filter.reportId ?? null, filter.limit],
    );
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      subscriptionId: r.subscription_id,
      kind: r.kind,
      reportId: r.report_id,
      status: r.status,
      attempts: r.attempts,
      lastAttemptAt: iso(r.last_attempt_at),
      lastError: r.last_error,
      lastResponse: r.last_response,
      nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
      deliveredAt: iso(r.delivered_at),
    }));
  }

  /**
   * Leases up to `limit` due messages (skipping those another instance holds), oldest due
   * first, and counts the attempt now: a crash during it still uses one up.
   */
  async claimDue(
    now: Date,
    leaseMs: number,
    limit: number,
    scope: { prefix: string; like: string },
  ): Promise<DueEmail[]> {
    const leaseToken = randomUUID();
    const rows = rowsOf<{
      delivery_id: string;
      subscription_id: string;
      kind: EmailDeliveryKind;
      report_id: string | null;
      attempts: number;
      trial_id: string | null;
      name: string | null;
      address_ciphertext: Buffer;
      address_key_id: string;
      status: EmailSubscriptionStatus;
    }>(
      await this.dataSource.query(
        `WITH due AS (
           SELECT d.delivery_id FROM email_deliveries d
             JOIN email_subscriptions s USING (subscription_id)
             LEFT JOIN reports r ON r.report_id = d.report_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
              AND (CASE WHEN d.kind = 'report' THEN r.trial_id LIKE $4 ELSE s.scope = $5 END)
            ORDER BY d.next_attempt_at, d.delivery_id LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
         UPDATE email_deliveries e SET lease_until = $2, lease_token = $6, attempts = e.attempts + 1, last_attempt_at = $1
           FROM due, email_subscriptions s LEFT JOIN trials t USING (trial_id)
          WHERE e.delivery_id = due.delivery_id AND s.subscription_id = e.subscription_id
          RETURNING e.delivery_id, e.subscription_id, e.kind, e.report_id, e.attempts, s.trial_id, t.name,
                    s.address_ciphertext, s.address_key_id, s.status`,
        [now, new Date(now.getTime() + leaseMs), limit, scope.like, scope.prefix, leaseToken],
      ),
    );
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      leaseToken,
      subscriptionId: r.subscription_id,
      kind: r.kind,
      reportId: r.report_id,
      attempts: r.attempts,
      trialId: r.trial_id,
      trialName: r.name,
      address: { sealed: r.address_ciphertext, keyId: r.address_key_id },
      subscriptionStatus: r.status,
    }));
  }

  /**
   * Extends this attempt's lease before the message is handed over (writing it, with its
   * PDF, may take a while). False when the lease is no longer this attempt's: another
   * instance took the row after it ran out, and this attempt must not send.
   */
  async renewLease(deliveryId: string, leaseToken: string, until: Date): Promise<boolean> {
    const rows = rowsOf(
      await this.dataSource.query(
        `UPDATE email_deliveries SET lease_until = $3
          WHERE delivery_id = $1 AND lease_token = $2 AND status = 'pending' RETURNING delivery_id`,
        [deliveryId, leaseToken, until],
      ),
    );
    return rows.length > 0;
  }

  /** Records the outcome of the attempt holding `leaseToken` (a stale attempt records nothing). */
  async recordAttempt(
    deliveryId: string,
    leaseToken: string,
    at: Date,
    result: EmailAttemptResult,
  ): Promise<void> {
    if (result.ok) {
      await this.dataSource.query(
        `UPDATE email_deliveries SET status = 'delivered', last_error = NULL, last_response = $3, delivered_at = $2,
                lease_until = NULL, lease_token = NULL
          WHERE delivery_id = $1 AND status = 'pending' AND lease_token = $4`,
        [deliveryId, at, result.response.slice(0, 500), leaseToken],
      );
      return;
    }
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = $2, last_error = $3, last_response = $4,
              next_attempt_at = coalesce($5, next_attempt_at), lease_until = NULL, lease_token = NULL
        WHERE delivery_id = $1 AND status = 'pending' AND lease_token = $6`,
      [
        deliveryId,
        result.retryAt === null ? 'failed' : 'pending',
        result.error.slice(0, 500),
        result.response?.slice(0, 500) ?? null,
        result.retryAt,
        leaseToken,
      ],
    );
  }

  /** For /health: messages waiting, and how many of them have failed at least once. */
  async backlog(now: Date): Promise<{ pending: number; retrying: number; oldestDueSeconds: number | null }> {
    const [row]: { pending: number; retrying: number; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS retrying, min(next_attempt_at) AS oldest
         FROM email_deliveries WHERE status = 'pending'`,
    );
    return {
      pending: row.pending,
      retrying: row.retrying,
      oldestDueSeconds: row.oldest
        ? Math.max(0, Math.round((now.getTime() - new Date(row.oldest).getTime()) / 1000))
        : null,
    };
  }
}
