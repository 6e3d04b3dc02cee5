import type { MigrationInterface, QueryRunner } from 'typeorm';

// Analysis datasets (DESIGN §6d). An export is written once, in the transaction that reads
// the journeys it comes from: its archive in chunks of about a megabyte (streamed in and out,
// so no process holds a whole archive) and its metadata row last. The chunks' reference to
// the row is checked at commit, so a crash mid-export leaves nothing behind. Exports are
// immutable: the services may read and add them, never change or remove them.
export class AnalysisExports1763900000800 implements MigrationInterface {
  name = 'AnalysisExports1763900000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analysis_exports (
        export_id       uuid PRIMARY KEY,
        trial_id        text NOT NULL REFERENCES trials(trial_id),
        as_of           date NOT NULL,
        shift_dates     boolean NOT NULL,
        created_at      timestamptz NOT NULL,
        created_by      text NOT NULL,
        archive_bytes   bigint NOT NULL,
        archive_sha256  text NOT NULL,
        chunk_count     integer NOT NULL,
        metadata        jsonb NOT NULL
      );
      CREATE INDEX analysis_exports_trial ON analysis_exports (trial_id, created_at);

      CREATE TABLE analysis_export_chunks (
        export_id  uuid NOT NULL REFERENCES analysis_exports(export_id) DEFERRABLE INITIALLY DEFERRED,
        seq        integer NOT NULL,
        data       bytea NOT NULL,
        PRIMARY KEY (export_id, seq)
      );

      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ips_app') THEN
          REVOKE ALL ON analysis_exports, analysis_export_chunks FROM ips_app;
          GRANT SELECT, INSERT ON analysis_exports, analysis_export_chunks TO ips_app;
        END IF;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analysis_export_chunks; DROP TABLE analysis_exports;`);
  }
}
