import { F_UPLOAD, STRIDE } from './packed-plan';
import type { ParticipantUploads } from './participant-uploads';

// participant indexes stay below 2^24 (10 million participants a site is the configured
// maximum), so (upload day, index) packs into one exactly representable number
const INDEX_SPAN = 2 ** 24;

/**
 * A binary min-heap of participants by their next upload day, then by referral order, so
 * a site's uploads come out in day order and ties always break the same way. Keys live in
 * a typed array: the comparisons then never chase pointers into the participants.
 */
export class ParticipantQueue {
  private keys = new Float64Array(1024);
  private items: ParticipantUploads[] = [];
  private length = 0;

  get size(): number {
    return this.length;
  }

  peek(): ParticipantUploads | undefined {
    return this.length > 0 ? this.items[0] : undefined;
  }

  peekUpload(): number {
    return Math.floor(this.keys[0] / INDEX_SPAN);
  }

  push(participant: ParticipantUploads): void {
    if (this.length === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.items[this.length] = participant;
    this.keys[this.length] = keyOf(participant);
    this.length++;
    this.siftUp(this.length - 1);
  }

  pop(): ParticipantUploads | undefined {
    if (this.length === 0) return undefined;
    const top = this.items[0];
    this.length--;
    if (this.length > 0) {
      this.items[0] = this.items[this.length];
      this.keys[0] = this.keys[this.length];
      this.siftDown(0);
    }
    this.items[this.length] = undefined as unknown as ParticipantUploads;
    return top;
  }

  /** The top's next upload day moved later: restore the order. */
  updateTop(): void {
    this.keys[0] = keyOf(this.items[0]);
    this.siftDown(0);
  }

  private siftUp(i: number): void {
    const { keys, items } = this;
    const key = keys[i];
    const item = items[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      items[i] = items[parent];
      i = parent;
    }
    keys[i] = key;
    items[i] = item;
  }

  private siftDown(i: number): void {
    const { keys, items } = this;
    const n = this.length;
    const key = keys[i];
    const item = items[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && keys[right] < keys[left] ? right : left;
      if (keys[child] >= key) break;
      keys[i] = keys[child];
      items[i] = items[child];
      i = child;
    }
    keys[i] = key;
    items[i] = item;
  }
}

function keyOf(p: ParticipantUploads): number {
  return p.plan[p.cursor * STRIDE + F_UPLOAD] * INDEX_SPAN + p.index;
}
