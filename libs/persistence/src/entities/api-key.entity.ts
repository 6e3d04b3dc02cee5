import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An API key, held only as the SHA-256 hash of the key itself. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'uuid' })
  keyId!: string;

  @Column({ name: 'key_hash', type: 'bytea' })
  keyHash!: Buffer;

  /** `site:<siteId>`, `evaluator`, `programme_lead` or `admin` */
  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'site_id', type: 'text', nullable: true })
  siteId!: string | null;

  /** the key that comes from the ADMIN_API_KEY setting */
  @Column({ type: 'boolean', default: false })
  bootstrap!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
