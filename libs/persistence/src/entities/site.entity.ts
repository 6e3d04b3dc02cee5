import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('sites')
export class SiteEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text' })
  siteId!: string;

  @Column({ name: 'trial_id', type: 'text' })
  trialId!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
