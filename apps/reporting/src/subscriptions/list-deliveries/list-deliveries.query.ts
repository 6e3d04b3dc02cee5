import { Query } from '@nestjs/cqrs';
import type { DeliveryStatus } from '@ips/persistence';

/** How did delivery go, per subscriber and report? */
export class ListDeliveries extends Query<DeliveryStatus[]> {
  constructor(readonly filter: { subscriptionId?: string; reportId?: string; limit: number }) {
    super();
  }
}
