import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, CLOCK, type Clock } from '@ips/platform';
import { SecretBox } from '../../subscriptions/secret-box';
import { maskAddress } from '../email-address';
import { EmailSubscriptionStore } from '@ips/persistence';
import { CONFIRM_LINK_DAYS, LinkTokens } from '../link-token';
import { FollowEmailLink } from './email-link.commands';
import { emailPage, type EmailPage } from './email-pages';

const LINK_ACTOR = 'email link';

@CommandHandler(FollowEmailLink)
export class FollowEmailLinkHandler implements ICommandHandler<FollowEmailLink, EmailPage> {
  constructor(
    private readonly store: EmailSubscriptionStore,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(LinkTokens) private readonly tokens: LinkTokens | null,
    @Optional() @Inject(SecretBox) private readonly box: SecretBox | null,
  ) {}

  async execute(command: FollowEmailLink): Promise<EmailPage> {
    if (!this.tokens || !this.box)
      return emailPage({
        status: 503,
        tone: 'problem',
        title: 'E-mail reports are off',
        paragraphs: [
          'This service is not sending e-mail at the moment, so this link cannot be used. Try again later.',
        ],
      });
    const now = this.clock.now();
    const checked = this.tokens.check(command.token, command.purpose, now);
    if (!checked.ok) {
      if (checked.reason === 'expired')
        return emailPage({
          status: 410,
          tone: 'problem',
          title: 'This confirmation link has expired',
          paragraphs: [
            `Confirmation links work for ${CONFIRM_LINK_DAYS} days. Nothing has been or will be sent to this address; ask your programme lead to subscribe it again.`,
          ],
        });
      return emailPage({
        status: 400,
        tone: 'problem',
        title: 'This link is not valid',
        paragraphs: [
          'The link may have been cut short or changed. Open it again from the e-mail, or copy all of it into the address bar.',
        ],
      });
    }
    const subscription = await this.store.describe(checked.subscriptionId);
    if (!subscription)
      return emailPage({
        status: 404,
        tone: 'problem',
        title: 'No such subscription',
        paragraphs: ['This link belongs to a subscription this service does not hold.'],
      });
    const who = maskAddress(this.box.open(subscription.address, checked.subscriptionId));
    const what = subscription.trialId
      ? `reports of ${subscription.trialName ?? subscription.trialId}`
      : 'reports of every trial';
    return command.purpose === 'confirm'
      ? this.confirm(command, checked.subscriptionId, subscription.status, who, what, now)
      : this.unsubscribe(command, checked.subscriptionId, subscription.status, who, what, now);
  }

  private async confirm(
    command: FollowEmailLink,
    subscriptionId: string,
    status: 'pending' | 'confirmed' | 'ended',
    who: string,
    what: string,
    now: Date,
  ): Promise<EmailPage> {
    if (status === 'ended')
      return emailPage({
        status: 409,
        tone: 'problem',
        title: 'This subscription has ended',
        paragraphs: [
          `${who} no longer receives ${what}. To receive them again, ask your programme lead to subscribe it again.`,
        ],
      });
    if (command.step === 'look' && status === 'pending')
      return emailPage({
        status: 200,
        title: 'Confirm e-mail reports',
        paragraphs: [
          `Send ${what} — interim reports and the first-year results — to ${who}?`,
          'Each message has a link to stop them.',
        ],
        action: { label: 'Yes, send me the reports', path: command.path },
      });
    if (status === 'pending') {
      await this.store.confirm(subscriptionId, now);
      await this.audit.record({
        actor: LINK_ACTOR,
        action: 'email_subscription.confirm',
        outcome: 'ok',
        details: { subscriptionId },
      });
    }
    return emailPage({
      status: 200,
      tone: 'done',
      title: 'Subscription confirmed',
      paragraphs: [
        `${who} will receive ${what} as each one is published.`,
        'Every message has a link to stop them.',
      ],
    });
  }

  private async unsubscribe(
    command: FollowEmailLink,
    subscriptionId: string,
    status: 'pending' | 'confirmed' | 'ended',
    who: string,
    what: string,
    now: Date,
  ): Promise<EmailPage> {
    if (command.step === 'look' && status !== 'ended')
      return emailPage({
        status: 200,
        title: 'Stop e-mail reports',
        paragraphs: [`Stop sending ${what} to ${who}?`],
        action: { label: 'Unsubscribe', path: command.path },
      });
    if (status !== 'ended') {
      await this.store.end(subscriptionId, 'unsubscribe link', now);
      await this.audit.record({
        actor: LINK_ACTOR,
        action: 'email_subscription.end',
        outcome: 'ok',
        details: { subscriptionId },
      });
    }
    return emailPage({
      status: 200,
      tone: 'done',
      title: 'You are unsubscribed',
      paragraphs: [`${who} will receive no more ${what}.`],
    });
  }
}
