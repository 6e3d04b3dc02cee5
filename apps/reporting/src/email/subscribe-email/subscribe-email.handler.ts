import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  TrialsStore,
  TRIAL_SCOPE,
  type TrialScope,
  DuplicateEmailSubscriptionError,
  EmailSubscriptionStore,
  type EmailSubscription,
} from '@ips/persistence';
import { AuditLog, CLOCK, type Clock } from '@ips/platform';
import { SecretBox } from '../../subscriptions/secret-box';
import { canonicalAddress, emailAddressProblem } from '../email-address';
import { EMAIL_POLICY, type EmailPolicy } from '../email-policy';
import { LinkTokens } from '../link-token';
import { SmtpMailer } from '../smtp-mailer';
import { SubscribeEmail } from './subscribe-email.command';

export class EmailSubscriptionRejectedError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 503,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

@CommandHandler(SubscribeEmail)
export class SubscribeEmailHandler implements ICommandHandler<SubscribeEmail, EmailSubscription> {
  constructor(
    private readonly store: EmailSubscriptionStore,
    private readonly trials: TrialsStore,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TRIAL_SCOPE) private readonly scope: TrialScope,
    @Inject(EMAIL_POLICY) private readonly policy: EmailPolicy,
    @Optional() @Inject(SmtpMailer) private readonly mailer: SmtpMailer | null,
    @Optional() @Inject(SecretBox) private readonly box: SecretBox | null,
    @Optional() @Inject(LinkTokens) private readonly tokens: LinkTokens | null,
  ) {}

  async execute(command: SubscribeEmail): Promise<EmailSubscription> {
    if (!this.mailer || !this.box || !this.tokens)
      throw new EmailSubscriptionRejectedError(
        503,
        'e-mail reports are off: the service has no SMTP_URL (and EMAIL_FROM) to send them with',
      );
    const problem = emailAddressProblem(command.address, this.policy.allowLocalDomains);
    if (problem) throw new EmailSubscriptionRejectedError(400, problem, 'address');
    if (command.trialId !== null) {
      if (!(await this.trials.trialExists(command.trialId)))
        throw new EmailSubscriptionRejectedError(404, `trial ${command.trialId} does not exist`);
    }
    let subscription: EmailSubscription;
    try {
      subscription = await this.store.create(
        {
          trialId: command.trialId,
          address: command.address,
          addressDigest: this.tokens.addressDigest(canonicalAddress(command.address)),
          scope: this.scope.prefix,
        },
        this.box,
        command.createdBy,
        this.clock.now(),
      );
    } catch (err) {
      if (err instanceof DuplicateEmailSubscriptionError) {
        await this.audit.record({
          actor: command.createdBy,
          action: 'email_subscription.create',
          outcome: 'rejected',
          details: { reason: 'duplicate', existing: err.existingId, trialId: command.trialId },
        });
        throw new EmailSubscriptionRejectedError(409, err.message);
      }
      throw err;
    }
    // the audit log names the subscription, never the address
    await this.audit.record({
      actor: command.createdBy,
      action: 'email_subscription.create',
      outcome: 'ok',
      details: { subscriptionId: subscription.subscriptionId, trialId: command.trialId },
    });
    return subscription;
  }
}
