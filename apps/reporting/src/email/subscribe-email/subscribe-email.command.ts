import { Command } from '@nestjs/cqrs';
import type { EmailSubscription } from '@ips/persistence';

/** Subscribe an address to published reports (of one trial, or of every trial); it gets a confirmation link first. */
export class SubscribeEmail extends Command<EmailSubscription> {
  constructor(
    readonly address: string,
    readonly trialId: string | null,
    readonly createdBy: string,
  ) {
    super();
  }
}
