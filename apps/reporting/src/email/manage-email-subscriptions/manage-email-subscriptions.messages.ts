import { Command, Query } from '@nestjs/cqrs';
import type { EmailDeliveryStatus, EmailSubscription } from '@ips/persistence';

/** Which addresses get reports, with their delivery counts? (null: all) */
export class ListEmailSubscriptions extends Query<EmailSubscription[]> {
  constructor(readonly subscriptionId: string | null) {
    super();
  }
}

/** How did each message go, per subscription or per report? */
export class ListEmailDeliveries extends Query<EmailDeliveryStatus[]> {
  constructor(readonly filter: { subscriptionId?: string; reportId?: string; limit: number }) {
    super();
  }
}

/** Stop e-mailing an address; its pending messages are given up. False when there is no live subscription. */
export class EndEmailSubscription extends Command<boolean> {
  constructor(
    readonly subscriptionId: string,
    readonly endedBy: string,
  ) {
    super();
  }
}
