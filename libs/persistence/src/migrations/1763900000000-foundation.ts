import type { MigrationInterface, QueryRunner } from 'typeorm';

// The foundation schema: trials and sites, API keys (hashes only), the append-only audit
// log, the ingest's idempotency record, the projector's event store, journeys, offsets
// and dead letters.
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trials (
        trial_id    text PRIMARY KEY,
        name        text NOT NULL,
        start_date  date NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sites (
        site_id     text PRIMARY KEY,
        trial_id    text NOT NULL REFERENCES trials(trial_id),
        name        text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sites_trial_idx ON sites (trial_id);

      -- API keys are stored only as SHA-256 hashes of the key.
      CREATE TABLE api_keys (
        key_id      uuid PRIMARY KEY,
        key_hash    bytea NOT NULL UNIQUE,
        role        text NOT NULL CHECK (role IN ('evaluator', 'programme_lead', 'admin') OR role LIKE 'site:%'),
        site_id     text REFERENCES sites(site_id),
        bootstrap   boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
      );

      -- Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for every role.
      CREATE TABLE audit_log (
        id          bigserial PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        service     text NOT NULL,
        actor       text NOT NULL,
        action      text NOT NULL,
        outcome     text NOT NULL,
        details     jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

      -- The ingest's idempotency record: an eventId is reserved (pending) before it is
      -- produced and acknowledged once Kafka has acknowledged it.
      CREATE TABLE accepted_events (
        event_id        uuid PRIMARY KEY,
        content_hash    bytea NOT NULL,
        site_id         text NOT NULL,
        acknowledged    boolean NOT NULL DEFAULT false,
        first_seen_at   timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz
      );

      -- The projector's per-participant event store. seq is arrival order.
      CREATE TABLE participant_events (
        seq             bigserial NOT NULL UNIQUE,
        event_id        uuid PRIMARY KEY,
        trial_id        text NOT NULL,
        site_id         text NOT NULL,
        participant_id  text NOT NULL,
        type            text NOT NULL,
        occurred_on     date NOT NULL,
        recorded_at     timestamptz NOT NULL,
        event           jsonb NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset    bigint NOT NULL
      );
      CREATE INDEX participant_events_participant_idx ON participant_events (site_id, participant_id);
      CREATE INDEX participant_events_trial_idx ON participant_events (trial_id);

      -- Journeys: the fold of each participant's stored events. version rises on every
      -- change so readers can fetch only what changed since they last looked.
      CREATE SEQUENCE journey_version_seq;
      CREATE TABLE journeys (
        site_id         text NOT NULL,
        participant_id  text NOT NULL,
        trial_id        text NOT NULL,
        journey         jsonb NOT NULL,
        event_count     integer NOT NULL,
        finding_count   integer NOT NULL,
        version         bigint NOT NULL DEFAULT nextval('journey_version_seq'),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site_id, participant_id)
      );
      CREATE INDEX journeys_trial_version_idx ON journeys (trial_id, version);
      CREATE INDEX journeys_site_findings_idx ON journeys (site_id) WHERE finding_count > 0;

      -- The projector's consumed offsets, written in the same transaction as the read models.
      CREATE TABLE projector_offsets (
        consumer_group  text NOT NULL,
        topic           text NOT NULL,
        partition       integer NOT NULL,
        next_offset     bigint NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, topic, partition)
      );

      -- Messages that failed the contract check; also forwarded to the DLQ topic.
      CREATE TABLE dead_letters (
        topic           text NOT NULL,
        partition       integer NOT NULL,
        kafka_offset    bigint NOT NULL,
        reason          text NOT NULL,
        message_key     text,
        message_value   bytea,
        dead_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic, partition, kafka_offset)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE dead_letters;
      DROP TABLE projector_offsets;
      DROP TABLE journeys;
      DROP SEQUENCE journey_version_seq;
      DROP TABLE participant_events;
      DROP TABLE accepted_events;
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_is_append_only();
      DROP TABLE api_keys;
      DROP TABLE sites;
      DROP TABLE trials;
    `);
  }
}
