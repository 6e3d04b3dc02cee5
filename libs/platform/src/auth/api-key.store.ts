import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { generateApiKey, hashApiKey, sameHash } from './api-key';
import { parseRole, type Principal } from './principal';

export interface IssuedKey {
  keyId: string;
  role: string;
  apiKey: string;
}

/** API keys in Postgres: lookup by hash, issue, revoke. The clear key never reaches the database. */
@Injectable()
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async authenticate(presented: string): Promise<Principal | null> {
    const hash = hashApiKey(presented);
    const rows: { key_id: string; key_hash: Buffer; role: string }[] = await this.dataSource.query(
      `SELECT key_id, key_hash, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row || !sameHash(row.key_hash, hash)) return null;
    const parsed = parseRole(row.role);
    return parsed ? { keyId: row.key_id, ...parsed } : null;
  }

  async issue(role: string, siteId: string | null, runner = this.dataSource.manager): Promise<IssuedKey> {
    const apiKey = generateApiKey();
    const keyId = randomUUID();
    await runner.query(`INSERT INTO api_keys (key_id, key_hash, role, site_id) VALUES ($1, $2, $3, $4)`, [
      keyId,
      hashApiKey(apiKey),
      role,
      siteId,
    ]);
    return { keyId, role, apiKey };
  }

  /** Returns false when no such active key exists. */
  async revoke(keyId: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL`,
      [keyId],
    );
    return count > 0;
  }

  /**
   * Makes the ADMIN_API_KEY setting a working admin key. Earlier bootstrap keys are not
   * revoked automatically: several deployments (and test runs) may share a database, and
   * one must not lock out another. Rotate by setting a new key and revoking the old one
   * (GET /v1/keys lists them, DELETE /v1/keys/{keyId} revokes).
   */
  async ensureBootstrapAdmin(adminKey: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_keys (key_id, key_hash, role, bootstrap) VALUES ($1, $2, 'admin', true)
       ON CONFLICT (key_hash) DO NOTHING`,
      [randomUUID(), hashApiKey(adminKey)],
    );
  }

  async list(): Promise<
    {
      keyId: string;
      role: string;
      siteId: string | null;
      bootstrap: boolean;
      createdAt: string;
      revokedAt: string | null;
    }[]
  > {
    const rows: {
      key_id: string;
      role: string;
      site_id: string | null;
      bootstrap: boolean;
      created_at: Date;
      revoked_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT key_id, role, site_id, bootstrap, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id`,
    );
    return rows.map((r) => ({
      keyId: r.key_id,
      role: r.role,
      siteId: r.site_id,
      bootstrap: r.bootstrap,
      createdAt: r.created_at.toISOString(),
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }
}
