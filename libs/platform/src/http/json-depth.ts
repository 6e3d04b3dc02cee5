/** What one depth scan found: whether the limit was passed, and how many bytes it read to know. */
export interface JsonDepthScan {
  tooDeep: boolean;
  /** Bytes read before the answer was known: the whole body when it is within the limit. */
  bytesExamined: number;
}

/**
 * Whether a UTF-8 JSON text nests arrays and objects deeper than `maxDepth`, found by one
 * pass over the bytes (no parse, no recursion, no allocation), so a body like 100,000 `[`
 * is refused before JSON.parse and the recursive validators behind it ever see it.
 * Brackets inside strings are skipped; a byte ≥ 0x80 (part of a multi-byte character)
 * never equals a bracket or a quote, so UTF-8 text needs no decoding first.
 */
export function jsonNestsDeeperThan(body: Uint8Array, maxDepth: number): boolean {
  return scanJsonDepth(body, maxDepth).tooDeep;
}

/** The scan behind {@link jsonNestsDeeperThan}; it stops at the first byte that passes the limit. */
export function scanJsonDepth(body: Uint8Array, maxDepth: number): JsonDepthScan {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return { tooDeep: true, bytesExamined: i + 1 };
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return { tooDeep: false, bytesExamined: body.length };
}

/** `16mb`, `64kb`, `512b` or a bare number of bytes, as body-parser reads them (1 kb = 1024 bytes). */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
  if (!m) throw new Error(`not a byte size: "${text}" (use e.g. 64kb or 16mb)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit]!;
}
