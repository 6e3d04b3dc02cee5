import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reports by e-mail (issue 17): programme leads subscribe an address, confirm it from a
// link sent to that address (double opt-in), and get one message per published report.
// Addresses are personal data: sealed at rest like webhook secrets (AES-256-GCM, bound to
// the row id), with a keyed digest (HMAC) to find a repeated subscription without keeping
// the address readable. One delivery row per (subscription, report), made in the same
// transaction as the report, so a report is queued for exactly the confirmed subscribers.
export class EmailReports1763900000400 implements MigrationInterface {
  name = 'EmailReports1763900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_subscriptions (
        subscription_id     uuid PRIMARY KEY,
        -- null: every trial
        trial_id            text REFERENCES trials(trial_id),
        -- AES-256-GCM: iv (12) || tag (16) || ciphertext; key_id names the sealing key
        address_ciphertext  bytea NOT NULL,
        address_key_id      text NOT NULL,
        -- HMAC-SHA256 of the lower-cased address under a key derived from the sealing key
        address_digest      text NOT NULL CHECK (address_digest ~ '^[0-9a-f]{64}$'),
        status              text NOT NULL CHECK (status IN ('pending', 'confirmed', 'ended')),
        -- REPORTING_TRIAL_PREFIX of the instance that took it: that scope sends its confirmation
        scope               text NOT NULL DEFAULT '',
        created_by          text NOT NULL,
        created_at          timestamptz NOT NULL,
        confirmed_at        timestamptz,
        ended_at            timestamptz,
        -- 'unsubscribe link', or the key id that ended it
        ended_by            text,
        CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL),
        CHECK ((status = 'ended') = (ended_at IS NOT NULL))
      );
      -- one live subscription per address and trial (or every trial)
      CREATE UNIQUE INDEX email_subscriptions_live_idx
        ON email_subscriptions (address_digest, coalesce(trial_id, '')) WHERE status <> 'ended';
      CREATE INDEX email_subscriptions_confirmed_idx ON email_subscriptions (trial_id) WHERE status = 'confirmed';

      CREATE TABLE email_deliveries (
        delivery_id       uuid PRIMARY KEY,
        subscription_id   uuid NOT NULL REFERENCES email_subscriptions(subscription_id),
        kind              text NOT NULL CHECK (kind IN ('confirmation', 'report')),
        report_id         uuid REFERENCES reports(report_id),
        status            text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        -- counted when an attempt starts, so a crash mid-attempt still counts
        attempts          integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz NOT NULL,
        lease_until       timestamptz,
        -- which attempt holds the lease: only it may renew the lease or record the outcome
        lease_token       uuid,
        last_attempt_at   timestamptz,
        last_error        text,
        -- the SMTP server's last reply (e.g. "250 2.0.0 Ok: queued as ...")
        last_response     text,
        delivered_at      timestamptz,
        created_at        timestamptz NOT NULL,
        CHECK ((kind = 'report') = (report_id IS NOT NULL)),
        UNIQUE (subscription_id, report_id)
      );
      CREATE UNIQUE INDEX email_deliveries_one_confirmation_idx ON email_deliveries (subscription_id) WHERE kind = 'confirmation';
      CREATE INDEX email_deliveries_due_idx ON email_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX email_deliveries_report_idx ON email_deliveries (report_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE email_deliveries;
      DROP TABLE email_subscriptions;
    `);
  }
}
