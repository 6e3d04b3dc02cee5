import { createHmac, randomBytes } from 'node:crypto';
import { DATE_SHIFT_MAX_DAYS } from '@ips/contracts';

const SHIFT_SPAN = 2 * DATE_SHIFT_MAX_DAYS + 1;

/**
 * The secret of one export (DESIGN §6d): drawn when the export is made, held only in this
 * object while the archive is written, never stored or logged. Pseudonyms are the first 16
 * hex digits of HMAC-SHA256(secret, "siteId:participantId"), so the same participant gets
 * unrelated pseudonyms in two exports; the date shift comes from the same secret.
 */
export class ExportSecret {
  private constructor(private readonly key: Buffer) {}

  static draw(): ExportSecret {
    return new ExportSecret(randomBytes(32));
  }

  /** for tests only: a known key */
  static fromKey(key: Buffer): ExportSecret {
    return new ExportSecret(Buffer.from(key));
  }

  pseudonym(siteId: string, participantId: string): string {
    return createHmac('sha256', this.key).update(`${siteId}:${participantId}`).digest('hex').slice(0, 16);
  }

  /**
   * A whole number of days in [−182, 182], the same for every date of the participant. A
   * separate HMAC message, so the shift says nothing about the pseudonym. 48 bits taken
   * modulo 365 leave a bias below 1e-12.
   */
  shiftDays(siteId: string, participantId: string): number {
    const mac = createHmac('sha256', this.key).update(`date-shift\u0000${siteId}:${participantId}`).digest();
    return (mac.readUIntBE(0, 6) % SHIFT_SPAN) - DATE_SHIFT_MAX_DAYS;
  }
}
