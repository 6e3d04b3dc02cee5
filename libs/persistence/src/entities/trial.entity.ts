import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('trials')
export class TrialEntity {
  @PrimaryColumn({ name: 'trial_id', type: 'text' })
  trialId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** YYYY-MM-DD */
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
