import type { FieldError } from '@ips/contracts';
import type { EventOutcome } from './record-events.command';

export type PositionName = 'index' | 'line' | 'row';

export interface RejectedItem {
  index?: number;
  line?: number;
  row?: number;
  eventId: string | null;
  /** 400 invalid, 403 another site's event, 409 eventId reused with different content */
  status: number;
  errors: FieldError[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedItem[];
  /** present only when more items were rejected than are listed */
  rejectedTotal?: number;
  /** CSV with `?listDuplicates=true` only: the rows that were duplicates (the first 10,000) */
  duplicateRows?: number[];
}

/** Only this many rejections are itemised, so a stream of garbage cannot grow memory. */
export const MAX_ITEMISED_REJECTIONS = 10_000;

/** Adds up the outcomes of one upload, chunk by chunk. */
export class IntakeTally {
  accepted = 0;
  duplicates = 0;
  rejectedTotal = 0;
  private readonly rejected: RejectedItem[] = [];
  private readonly rejectionRules = new Map<string, number>();
  private readonly duplicatePositions: number[] = [];

  /** `listDuplicates`: keep the positions of duplicates too (up to MAX_ITEMISED_REJECTIONS) */
  constructor(
    private readonly positionName: PositionName,
    private readonly listDuplicates = false,
  ) {}

  add(outcomes: EventOutcome[]): void {
    for (const o of outcomes) {
      if (o.status === 'rejected') this.reject(o.position, o.eventId, o.httpStatus, o.errors);
      else if (o.status === 'accepted') this.accepted++;
      else {
        this.duplicates++;
        if (this.listDuplicates && this.duplicatePositions.length < MAX_ITEMISED_REJECTIONS)
          this.duplicatePositions.push(o.position);
      }
    }
  }

  reject(position: number, eventId: string | null, status: number, errors: FieldError[]): void {
    this.rejectedTotal++;
    for (const e of errors)
      this.rejectionRules.set(e.path || '(event)', (this.rejectionRules.get(e.path || '(event)') ?? 0) + 1);
    if (this.rejected.length < MAX_ITEMISED_REJECTIONS) {
      this.rejected.push({ [this.positionName]: position, eventId, status, errors });
    }
  }

  result(): IngestResult {
    const rejected = [...this.rejected].sort(
      (a, b) => (a[this.positionName] ?? 0) - (b[this.positionName] ?? 0),
    );
    return {
      accepted: this.accepted,
      duplicates: this.duplicates,
      rejected,
      ...(this.rejectedTotal > rejected.length ? { rejectedTotal: this.rejectedTotal } : {}),
      ...(this.listDuplicates ? { duplicateRows: [...this.duplicatePositions].sort((a, b) => a - b) } : {}),
    };
  }

  /** For the audit log: counts and the fields that failed, never ids. */
  summary(): Record<string, unknown> {
    return {
      accepted: this.accepted,
      duplicates: this.duplicates,
      rejected: this.rejectedTotal,
      failedFields: Object.fromEntries([...this.rejectionRules].slice(0, 20)),
    };
  }
}
