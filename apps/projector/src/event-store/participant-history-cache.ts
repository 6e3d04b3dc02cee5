import type { StoredEvent } from '@ips/contracts';

interface Entry {
  partitionKey: string;
  events: StoredEvent[];
}

/**
 * The stored events of recently touched participants, kept in memory so a busy participant
 * is not re-read from Postgres on every batch. It is a cache of the event store, never the
 * truth, and is trusted for a partition only while this process was the last to write that
 * partition: every transaction starts by reading the partition's stored offset, and if it
 * is not the offset this process committed last (another instance took the partition over,
 * a replay rewrote it, a transaction was rolled back), the partition's entries are dropped
 * and the histories are read from Postgres. Entries are updated only after a commit.
 * Bounded by the number of events held (least recently used participants go first).
 */
export class ParticipantHistoryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly committedOffset = new Map<string, string>();
  private held = 0;

  constructor(private readonly maxEvents: number) {}

  get size(): number {
    return this.held;
  }

  /** Call at the start of a transaction, with the partition's stored next offset (read under lock). */
  checkPartition(topic: string, partition: number, storedNext: string): void {
    const partitionKey = `${topic}:${partition}`;
    if (this.committedOffset.get(partitionKey) === storedNext) return;
    this.committedOffset.delete(partitionKey);
    for (const [key, entry] of this.entries) {
      if (entry.partitionKey === partitionKey) this.remove(key, entry);
    }
  }

  get(participantKey: string): StoredEvent[] | undefined {
    const entry = this.entries.get(participantKey);
    if (!entry) return undefined;
    this.entries.delete(participantKey); // most recently used goes last
    this.entries.set(participantKey, entry);
    return entry.events;
  }

  /** After the transaction that wrote `nextOffset` for the partition committed. */
  remember(
    topic: string,
    partition: number,
    nextOffset: string,
    histories: Map<string, StoredEvent[]>,
  ): void {
    if (this.maxEvents <= 0) return;
    const partitionKey = `${topic}:${partition}`;
    for (const [key, events] of histories) {
      const old = this.entries.get(key);
      if (old) this.remove(key, old);
      if (events.length > this.maxEvents) continue;
      this.entries.set(key, { partitionKey, events });
      this.held += events.length;
    }
    while (this.held > this.maxEvents) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.remove(oldestKey, oldest);
    }
    this.committedOffset.set(partitionKey, nextOffset);
  }

  /** Forget everything (rebalance, replay). */
  clear(): void {
    this.entries.clear();
    this.committedOffset.clear();
    this.held = 0;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.held -= entry.events.length;
  }
}
