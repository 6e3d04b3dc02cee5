import { Query } from '@nestjs/cqrs';
import type { Subscription } from '@ips/persistence';

/** Which webhooks are subscribed, and how are their deliveries going? One when subscriptionId is given. */
export class ListSubscriptions extends Query<Subscription[]> {
  constructor(readonly subscriptionId: string | null) {
    super();
  }
}
