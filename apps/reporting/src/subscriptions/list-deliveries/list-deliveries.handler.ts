import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SubscriptionStore, type DeliveryStatus } from '@ips/persistence';
import { ListDeliveries } from './list-deliveries.query';

@QueryHandler(ListDeliveries)
export class ListDeliveriesHandler implements IQueryHandler<ListDeliveries, DeliveryStatus[]> {
  constructor(private readonly subscriptions: SubscriptionStore) {}

  execute(query: ListDeliveries): Promise<DeliveryStatus[]> {
    return this.subscriptions.deliveries(query.filter);
  }
}
