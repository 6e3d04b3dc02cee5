import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SubscriptionStore, type Subscription } from '@ips/persistence';
import { ListSubscriptions } from './list-subscriptions.query';

@QueryHandler(ListSubscriptions)
export class ListSubscriptionsHandler implements IQueryHandler<ListSubscriptions, Subscription[]> {
  constructor(private readonly subscriptions: SubscriptionStore) {}

  execute(query: ListSubscriptions): Promise<Subscription[]> {
    return this.subscriptions.list(query.subscriptionId ?? undefined);
  }
}
