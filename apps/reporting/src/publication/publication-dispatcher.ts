import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CLOCK, LOGGER, type Clock, type Logger } from '@ips/platform';
import { EmailDeliveryWorker } from '../email/email-delivery.worker';
import { WebhookDeliveryWorker } from '../subscriptions/webhook-delivery.worker';
import { KafkaOutbox } from './kafka-outbox';

export const DISPATCH_SETTINGS = Symbol('DISPATCH_SETTINGS');
export interface DispatchSettings {
  /** 0: no timer; something else calls dispatch() (tests) */
  dispatchMs: number;
}

export interface DispatchOutcome {
  announced: number;
  delivered: number;
  failed: number;
}

/**
 * Publishes what the archive holds: announces new reports on Kafka and sends due webhook
 * deliveries and e-mails (the counts returned are the webhooks'; EmailDeliveryWorker
 * answers for e-mail), on a timer (@nestjs/schedule) and straight after each new report. One pass
 * at a time per instance; across instances the row locks keep work apart. Kafka being
 * down does not stop webhooks, nor the other way round.
 */
@Injectable()
export class PublicationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Promise<DispatchOutcome> | null = null;
  private again = false;

  constructor(
    private readonly outbox: KafkaOutbox,
    private readonly webhooks: WebhookDeliveryWorker,
    private readonly email: EmailDeliveryWorker,
    private readonly registry: SchedulerRegistry,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.dispatchMs <= 0) return;
    this.registry.addInterval(
      'report-publication',
      setInterval(() => this.wake(), this.settings.dispatchMs),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', 'report-publication'))
      this.registry.deleteInterval('report-publication');
    await this.running?.catch(() => undefined);
  }

  /** Asks for a pass soon (no-op when dispatching is driven by hand). */
  wake(): void {
    if (this.settings.dispatchMs <= 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    setImmediate(() => {
      this.dispatch().catch((err: unknown) =>
        this.logger.error({ err: (err as Error).message }, 'publication pass failed'),
      );
    });
  }

  /** One pass: announce pending reports, then send due deliveries. */
  dispatch(): Promise<DispatchOutcome> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
    return this.running;
  }

  private async pass(): Promise<DispatchOutcome> {
    let announced = 0;
    try {
      announced = await this.outbox.publishPending(this.clock.now());
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not announce reports on Kafka; will retry');
    }
    // e-mail beside webhooks: a slow SMTP server holds up no webhook, nor the other way round
    const [{ delivered, failed }] = await Promise.all([
      this.webhooks.deliverDue(),
      this.email.deliverDue().catch((err: unknown) => {
        this.logger.warn({ err: (err as Error).message }, 'e-mail pass failed; will retry');
        return { delivered: 0, failed: 0 };
      }),
    ]);
    return { announced, delivered, failed };
  }
}
