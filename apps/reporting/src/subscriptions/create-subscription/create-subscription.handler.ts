import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TrialsStore, SubscriptionStore, type Subscription } from '@ips/persistence';
import { AuditLog, CLOCK, type Clock } from '@ips/platform';
import { SecretBox } from '../secret-box';
import { WEBHOOK_SETTINGS, type WebhookSettings } from '../webhook-delivery.worker';
import { webhookUrlProblem } from '../webhook-target';
import { CreateSubscription } from './create-subscription.command';

export class SubscriptionRejectedError extends Error {
  constructor(
    readonly status: 400 | 404 | 503,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

@CommandHandler(CreateSubscription)
export class CreateSubscriptionHandler implements ICommandHandler<CreateSubscription, Subscription> {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly trials: TrialsStore,
    private readonly audit: AuditLog,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(SecretBox) private readonly box: SecretBox | null,
  ) {}

  async execute(command: CreateSubscription): Promise<Subscription> {
    if (!this.box)
      throw new SubscriptionRejectedError(
        503,
        'webhook subscriptions are off: the service has no REPORTING_SECRET_KEY to seal their secrets',
      );
    const problem = webhookUrlProblem(command.url, this.settings.allowPrivateNetworks);
    if (problem) throw new SubscriptionRejectedError(400, problem, 'url');
    if (command.trialId !== null) {
      if (!(await this.trials.trialExists(command.trialId)))
        throw new SubscriptionRejectedError(404, `trial ${command.trialId} does not exist`);
    }
    const subscription = await this.subscriptions.create(
      { trialId: command.trialId, url: command.url, secret: command.secret },
      this.box,
      command.createdBy,
      this.clock.now(),
    );
    await this.audit.record({
      actor: command.createdBy,
      action: 'subscription.create',
      outcome: 'ok',
      details: {
        subscriptionId: subscription.subscriptionId,
        trialId: command.trialId,
        host: new URL(command.url).host,
      },
    });
    return subscription;
  }
}
