import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, CLOCK, type Clock } from '@ips/platform';
import { SubscriptionStore } from '@ips/persistence';
import { RevokeSubscription } from './revoke-subscription.command';

@CommandHandler(RevokeSubscription)
export class RevokeSubscriptionHandler implements ICommandHandler<RevokeSubscription, boolean> {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RevokeSubscription): Promise<boolean> {
    const revoked = await this.subscriptions.revoke(command.subscriptionId, this.clock.now());
    await this.audit.record({
      actor: command.revokedBy,
      action: 'subscription.revoke',
      outcome: revoked ? 'ok' : 'rejected',
      details: { subscriptionId: command.subscriptionId },
    });
    return revoked;
  }
}
