import { Command } from '@nestjs/cqrs';
import type { IncomingMessage } from './message-check';

export interface ProjectBatchResult {
  /** the next offset to consume on this partition, as stored in Postgres */
  nextOffset: string;
  stored: number;
  journeysRefolded: number;
  deadLettered: number;
  /** messages below the stored offset (already applied) that were skipped */
  alreadyApplied: number;
  /** set when the batch starts after the stored offset: nothing was applied; seek back */
  gapFrom?: string;
}

/**
 * Apply one partition's consecutive messages to the read models, exactly once: one
 * Postgres transaction stores the events, re-folds every participant touched, upserts
 * their journeys and moves the partition's stored offset.
 */
export class ProjectBatch extends Command<ProjectBatchResult> {
  constructor(
    readonly consumerGroup: string,
    readonly topic: string,
    readonly partition: number,
    readonly messages: IncomingMessage[],
  ) {
    super();
  }
}
