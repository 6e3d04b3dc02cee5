// The simulator's own seeded randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counter,
// 128-bit state, passes PractRand to 2^40+) seeded by a tuple of 32-bit words. No
// Math.random anywhere, so one seed gives the same trial on every machine.
//
// Every participant gets independent streams keyed by (seed, site, participant index,
// stream): its journey does not depend on how many random numbers the mess or the event
// ids of other participants consumed, so changing a mess rate leaves the true journeys
// unchanged.

const TWO_POW_32 = 4294967296;

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Distinct tuples give distinct starting states (no hashing down to 32 bits on the way). */
  constructor(w0: number, w1: number, w2: number, w3: number) {
    this.a = w0 | 0;
    this.b = w1 | 0;
    this.c = w2 | 0;
    this.d = w3 | 0;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Exponential with rate 1. */
  exponential(): number {
    return -Math.log(1 - this.next());
  }

  /** Standard normal (Box–Muller; one of the pair is thrown away for simplicity). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Whole days ≥ 0 with the given mean (geometric). */
  geometricDays(mean: number): number {
    if (mean <= 0) return 0;
    const p = 1 / (mean + 1);
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  pick<T>(table: WeightedTable<T>): T {
    const u = this.next() * table.total;
    const cumulative = table.cumulative;
    for (let i = 0; i < cumulative.length - 1; i++) if (u < cumulative[i]) return table.values[i];
    return table.values[table.values.length - 1];
  }
}

/** A categorical distribution prepared once for fast draws. */
export interface WeightedTable<T> {
  values: T[];
  cumulative: Float64Array;
  total: number;
}

export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const kept = entries.filter(([, w]) => w > 0);
  if (kept.length === 0) throw new RangeError('a weighted table needs at least one positive weight');
  const cumulative = new Float64Array(kept.length);
  let total = 0;
  kept.forEach(([, w], i) => {
    total += w;
    cumulative[i] = total;
  });
  return { values: kept.map(([v]) => v), cumulative, total };
}

export function tableFromRecord<K extends string>(weights: Readonly<Record<K, number>>): WeightedTable<K> {
  return weightedTable(Object.entries(weights) as [K, number][]);
}

/** FNV-1a of a string, for turning names (site profile keys) into seed words. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** MurmurHash3's finaliser: spreads the bits of one word. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
