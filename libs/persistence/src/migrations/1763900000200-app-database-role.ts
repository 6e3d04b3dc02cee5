import type { MigrationInterface, QueryRunner } from 'typeorm';

// The role the services run as in production (DATABASE_URL user `ips_app`), apart from
// the owner that runs these migrations. It may read and write what the services write,
// and no more: the audit log only takes INSERT and SELECT (no UPDATE, DELETE or TRUNCATE,
// on top of the append-only trigger, which an owner could drop); reports may only get
// their publication mark; keys may only be revoked; the migration history is read-only.
// Tables added by later migrations (run by the same owner) get the same read-write
// default, so a later append-only table must revoke what it does not allow, as here.
//
// Roles belong to the whole Postgres cluster, so the role is created only if missing, and
// every statement is safe to repeat. Where the owner may not create roles, a DBA creates
// `ips_app` first (see SECURITY.md) and the migration then only grants.
export const APP_ROLE = 'ips_app';

export class AppDatabaseRole1763900000200 implements MigrationInterface {
  name = 'AppDatabaseRole1763900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            RAISE EXCEPTION 'role ${APP_ROLE} does not exist and % may not create roles: have a DBA run CREATE ROLE ${APP_ROLE} LOGIN PASSWORD ''...'' (see SECURITY.md), then run the migrations again', current_user;
          END IF;
          -- LOGIN without a password: under password authentication it cannot log in
          -- until the DBA sets one; local trust set-ups (tests) can use it at once.
          CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        END IF;
      END $$;

      DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ${APP_ROLE}', current_database()); END $$;
      GRANT USAGE ON SCHEMA public TO ${APP_ROLE};

      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE};

      REVOKE ALL ON audit_log FROM ${APP_ROLE};
      GRANT SELECT, INSERT ON audit_log TO ${APP_ROLE};

      REVOKE ALL ON reports FROM ${APP_ROLE};
      GRANT SELECT, INSERT ON reports TO ${APP_ROLE};
      GRANT UPDATE (published_at) ON reports TO ${APP_ROLE};

      REVOKE ALL ON api_keys FROM ${APP_ROLE};
      GRANT SELECT, INSERT ON api_keys TO ${APP_ROLE};
      GRANT UPDATE (revoked_at) ON api_keys TO ${APP_ROLE};

      REVOKE ALL ON schema_migrations FROM ${APP_ROLE};
      GRANT SELECT ON schema_migrations TO ${APP_ROLE};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role stays: other databases of the cluster may use it.
    await q.query(`
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE};
      REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE};
      REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE};
      REVOKE ALL ON SCHEMA public FROM ${APP_ROLE};
      DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM ${APP_ROLE}', current_database()); END $$;
    `);
  }
}
