import { Command } from '@nestjs/cqrs';
import type { EmailPage } from './email-pages';

/** What a confirm or unsubscribe link does: `look` shows the page with its button, `act` presses it. */
export class FollowEmailLink extends Command<EmailPage> {
  constructor(
    readonly purpose: 'confirm' | 'unsubscribe',
    readonly step: 'look' | 'act',
    readonly token: string,
    /** the page's own path with its query, for the button to post back to */
    readonly path: string,
  ) {
    super();
  }
}
