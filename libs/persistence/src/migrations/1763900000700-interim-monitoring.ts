import type { MigrationInterface, QueryRunner } from 'typeorm';

// Interim monitoring (DESIGN §6c). A trial's plan may change until its first look; a look
// is written in the transaction that stores its report and never changes afterwards (its
// t, Z and boundary are frozen with the report).
export class InterimMonitoring1763900000700 implements MigrationInterface {
  name = 'InterimMonitoring1763900000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE monitoring_plans (
        trial_id              text PRIMARY KEY REFERENCES trials(trial_id),
        primary_outcome       text NOT NULL CHECK (primary_outcome IN ('worked13wIn12m', 'jobStart12m')),
        planned_participants  integer NOT NULL CHECK (planned_participants > 0),
        alpha                 double precision NOT NULL CHECK (alpha > 0 AND alpha < 0.5),
        set_at                timestamptz NOT NULL,
        set_by                text NOT NULL
      );

      CREATE TABLE monitoring_looks (
        report_id             uuid PRIMARY KEY REFERENCES reports(report_id),
        trial_id              text NOT NULL REFERENCES monitoring_plans(trial_id),
        look                  integer NOT NULL CHECK (look BETWEEN 1 AND 11),
        as_of                 date NOT NULL,
        information_fraction  double precision NOT NULL,
        z                     double precision NOT NULL,
        boundary              double precision NOT NULL,
        nominal_p             double precision NOT NULL,
        alpha_spent           double precision NOT NULL,
        crossed               boolean NOT NULL,
        published_at          timestamptz NOT NULL,
        UNIQUE (trial_id, look)
      );

      CREATE FUNCTION monitoring_looks_are_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'monitoring looks are frozen when their report is published';
      END $$;
      CREATE TRIGGER monitoring_looks_frozen BEFORE UPDATE OR DELETE ON monitoring_looks
        FOR EACH ROW EXECUTE FUNCTION monitoring_looks_are_frozen();

      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ips_app') THEN
          REVOKE ALL ON monitoring_plans, monitoring_looks FROM ips_app;
          GRANT SELECT, INSERT, UPDATE ON monitoring_plans TO ips_app;
          GRANT SELECT, INSERT ON monitoring_looks TO ips_app;
        END IF;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE monitoring_looks;
      DROP TABLE monitoring_plans;
      DROP FUNCTION monitoring_looks_are_frozen();
    `);
  }
}
