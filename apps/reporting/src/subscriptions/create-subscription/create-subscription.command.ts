import { Command } from '@nestjs/cqrs';
import type { Subscription } from '@ips/persistence';

/** Subscribe a webhook URL to published reports (of one trial, or of every trial). */
export class CreateSubscription extends Command<Subscription> {
  constructor(
    readonly url: string,
    readonly secret: string,
    readonly trialId: string | null,
    readonly createdBy: string,
  ) {
    super();
  }
}
