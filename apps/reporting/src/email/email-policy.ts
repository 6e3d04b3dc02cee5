export const EMAIL_POLICY = Symbol('EMAIL_POLICY');

/** What subscriptions accept: EMAIL_ALLOW_LOCAL_DOMAINS lets lead@localhost in (tests, closed networks). */
export interface EmailPolicy {
  allowLocalDomains: boolean;
}
