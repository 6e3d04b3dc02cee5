import { Command } from '@nestjs/cqrs';

/** Stop delivering to a webhook; its pending deliveries are given up. False when there is no such active subscription. */
export class RevokeSubscription extends Command<boolean> {
  constructor(
    readonly subscriptionId: string,
    readonly revokedBy: string,
  ) {
    super();
  }
}
