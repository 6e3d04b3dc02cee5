import type { MigrationInterface, QueryRunner } from 'typeorm';

// The reporting service (DESIGN §8): per-trial schedules, scheduled runs claimed once
// across instances, the immutable report archive with its Kafka outbox, webhook
// subscriptions (secrets encrypted, never hashed: they sign) and per-subscriber deliveries.
export class Reporting1763900000100 implements MigrationInterface {
  name = 'Reporting1763900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_schedules (
        trial_id      text PRIMARY KEY REFERENCES trials(trial_id),
        cron          text NOT NULL,
        timezone      text NOT NULL,
        enabled       boolean NOT NULL DEFAULT true,
        -- occurrences at or before this instant are never made up (schedule created or changed)
        active_from   timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        updated_by    text NOT NULL
      );

      -- One row per scheduled run: the unique key is what stops two instances producing it twice.
      CREATE TABLE report_runs (
        run_id         uuid PRIMARY KEY,
        trial_id       text NOT NULL REFERENCES trials(trial_id),
        type           text NOT NULL CHECK (type IN ('interim', 'first_year')),
        scheduled_for  timestamptz NOT NULL,
        as_of          date NOT NULL,
        status         text NOT NULL CHECK (status IN ('claimed', 'done', 'failed')),
        claimed_by     text NOT NULL,
        lease_until    timestamptz NOT NULL,
        attempts       integer NOT NULL DEFAULT 1,
        report_id      uuid,
        last_error     text,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        UNIQUE (trial_id, type, scheduled_for)
      );

      CREATE TABLE reports (
        report_id            uuid PRIMARY KEY,
        trial_id             text NOT NULL REFERENCES trials(trial_id),
        type                 text NOT NULL CHECK (type IN ('interim', 'first_year')),
        as_of                date NOT NULL,
        version              integer NOT NULL CHECK (version >= 1),
        created_at           timestamptz NOT NULL,
        trigger              text NOT NULL CHECK (trigger IN ('schedule', 'on_demand')),
        run_id               uuid UNIQUE REFERENCES report_runs(run_id),
        requested_by         text,
        definitions_version  integer NOT NULL,
        event_count          bigint NOT NULL,
        offsets              jsonb NOT NULL,
        content              jsonb NOT NULL,
        content_hash         text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        -- Kafka outbox: set once the ips.reports.published message is acknowledged
        published_at         timestamptz,
        UNIQUE (trial_id, type, as_of, version)
      );
      CREATE INDEX reports_trial_created_idx ON reports (trial_id, created_at DESC);
      CREATE INDEX reports_unpublished_idx ON reports (created_at) WHERE published_at IS NULL;

      -- Reports are immutable: only the outbox mark may be set, once; nothing is deleted.
      CREATE FUNCTION reports_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.published_at IS NULL AND NEW.published_at IS NOT NULL
           AND (to_jsonb(NEW) - 'published_at') = (to_jsonb(OLD) - 'published_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'reports are immutable (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER reports_immutable BEFORE UPDATE OR DELETE ON reports
        FOR EACH ROW EXECUTE FUNCTION reports_are_immutable();

      CREATE TABLE report_subscriptions (
        subscription_id    uuid PRIMARY KEY,
        -- null: every trial
        trial_id           text REFERENCES trials(trial_id),
        url                text NOT NULL,
        -- AES-256-GCM: iv (12) || tag (16) || ciphertext; key_id names the key it was sealed with
        secret_ciphertext  bytea NOT NULL,
        secret_key_id      text NOT NULL,
        created_by         text NOT NULL,
        created_at         timestamptz NOT NULL,
        revoked_at         timestamptz
      );
      CREATE INDEX report_subscriptions_active_idx ON report_subscriptions (trial_id) WHERE revoked_at IS NULL;

      CREATE TABLE report_deliveries (
        delivery_id       uuid PRIMARY KEY,
        subscription_id   uuid NOT NULL REFERENCES report_subscriptions(subscription_id),
        report_id         uuid NOT NULL REFERENCES reports(report_id),
        status            text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts          integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz NOT NULL,
        lease_until       timestamptz,
        last_attempt_at   timestamptz,
        last_status_code  integer,
        last_error        text,
        delivered_at      timestamptz,
        created_at        timestamptz NOT NULL,
        UNIQUE (subscription_id, report_id)
      );
      CREATE INDEX report_deliveries_due_idx ON report_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX report_deliveries_report_idx ON report_deliveries (report_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE report_deliveries;
      DROP TABLE report_subscriptions;
      DROP TABLE reports;
      DROP FUNCTION reports_are_immutable();
      DROP TABLE report_runs;
      DROP TABLE report_schedules;
    `);
  }
}
