import type { Prng } from './prng';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[(x >>> 24) & 0xff] + HEX[(x >>> 16) & 0xff] + HEX[(x >>> 8) & 0xff] + HEX[x & 0xff];
}

/** A random (version 4) UUID drawn from a seeded stream, so event ids are reproducible. */
export function seededUuid(prng: Prng): string {
  const a = prng.nextUint32();
  const b = ((prng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0; // version 4
  const c = ((prng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0; // variant 10xx
  const d = prng.nextUint32();
  const hb = hex32(b);
  const hc = hex32(c);
  return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
}
