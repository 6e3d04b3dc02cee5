import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The fold of one participant's stored events (libs/domain `Journey`, as JSON). */
@Entity('journeys')
export class JourneyEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text' })
  siteId!: string;

  @PrimaryColumn({ name: 'participant_id', type: 'text' })
  participantId!: string;

  @Column({ name: 'trial_id', type: 'text' })
  trialId!: string;

  @Column({ type: 'json' })
  journey!: unknown;

  @Column({ name: 'event_count', type: 'integer' })
  eventCount!: number;

  @Column({ name: 'finding_count', type: 'integer' })
  findingCount!: number;

  @Column({ type: 'bigint' })
  version!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
