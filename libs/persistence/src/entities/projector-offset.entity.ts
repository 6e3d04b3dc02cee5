import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The next offset to consume per partition: the projector's source of truth, not Kafka's. */
@Entity('projector_offsets')
export class ProjectorOffsetEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
