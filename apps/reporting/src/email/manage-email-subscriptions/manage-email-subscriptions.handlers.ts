import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditLog, CLOCK, type Clock } from '@ips/platform';
import { SecretBox } from '../../subscriptions/secret-box';
import { EmailSubscriptionStore, type EmailDeliveryStatus, type EmailSubscription } from '@ips/persistence';
import {
  EndEmailSubscription,
  ListEmailDeliveries,
  ListEmailSubscriptions,
} from './manage-email-subscriptions.messages';

@QueryHandler(ListEmailSubscriptions)
export class ListEmailSubscriptionsHandler implements IQueryHandler<
  ListEmailSubscriptions,
  EmailSubscription[]
> {
  constructor(
    private readonly store: EmailSubscriptionStore,
    @Optional() @Inject(SecretBox) private readonly box: SecretBox | null,
  ) {}

  async execute(query: ListEmailSubscriptions): Promise<EmailSubscription[]> {
    // without the sealing key no subscription could have been made (and none can be read)
    if (!this.box) return [];
    return this.store.list(this.box, query.subscriptionId ?? undefined);
  }
}

@QueryHandler(ListEmailDeliveries)
export class ListEmailDeliveriesHandler implements IQueryHandler<ListEmailDeliveries, EmailDeliveryStatus[]> {
  constructor(private readonly store: EmailSubscriptionStore) {}

  execute(query: ListEmailDeliveries): Promise<EmailDeliveryStatus[]> {
    return this.store.deliveries(query.filter);
  }
}

@CommandHandler(EndEmailSubscription)
export class EndEmailSubscriptionHandler implements ICommandHandler<EndEmailSubscription, boolean> {
  constructor(
    private readonly store: EmailSubscriptionStore,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: EndEmailSubscription): Promise<boolean> {
    const ended = await this.store.end(command.subscriptionId, command.endedBy, this.clock.now());
    await this.audit.record({
      actor: command.endedBy,
      action: 'email_subscription.end',
      outcome: ended ? 'ok' : 'rejected',
      details: { subscriptionId: command.subscriptionId },
    });
    return ended;
  }
}
