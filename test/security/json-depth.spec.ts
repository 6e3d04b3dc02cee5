import fc from 'fast-check';
import { jsonNestsDeeperThan, parseByteSize, scanJsonDepth } from '@ips/platform';

// The byte scan that refuses deeply nested JSON before JSON.parse (RequestBodyReader).
const deeper = (text: string, max: number) => jsonNestsDeeperThan(Buffer.from(text, 'utf8'), max);

/** Nesting depth of a parsed value, the independent answer. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object')
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects alike', () => {
    expect(deeper('[[[]]]', 3)).toBe(false);
    expect(deeper('[[[[]]]]', 3)).toBe(true);
    expect(deeper('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(deeper('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(deeper('1', 0)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes and escaped backslashes included', () => {
    expect(deeper('["[[[[[[[[[["]', 2)).toBe(false);
    expect(deeper('["\\"[[[[[[[["]', 2)).toBe(false);
    expect(deeper('["\\\\",[[[[]]]]]', 2)).toBe(true); // the string ends after the escaped backslash
    expect(deeper('[{"k[{[{":"}]}]"}]', 2)).toBe(false);
  });

  it('reads UTF-8 without decoding it (multi-byte characters never look like brackets)', () => {
    expect(deeper('["é€😀[", ["ü"]]', 2)).toBe(false);
    expect(deeper('[["€",[["😀"]]]]', 3)).toBe(true);
  });

  it('stops early on a huge one: reads only up to the first bracket past the limit', () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x5b);
    expect(jsonNestsDeeperThan(huge, 32)).toBe(true);
    expect(scanJsonDepth(huge, 32)).toEqual({ tooDeep: true, bytesExamined: 33 });
    // Past a long harmless prefix it stops just as soon: the bytes read end at the offending bracket.
    const prefix = '[' + '"x",'.repeat(10_000);
    const late = Buffer.from(prefix + '['.repeat(40) + ']'.repeat(41), 'utf8');
    expect(scanJsonDepth(late, 32)).toEqual({ tooDeep: true, bytesExamined: prefix.length + 32 });
  });

  it('reads the whole body when it is within the limit', () => {
    const flat = Buffer.from(JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i }))), 'utf8');
    expect(scanJsonDepth(flat, 2)).toEqual({ tooDeep: false, bytesExamined: flat.length });
  });

  it('agrees with the parsed depth of any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 12 }), (value, max) => {
        expect(deeper(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseByteSize', () => {
  it('reads sizes as body-parser does (1 kb = 1024 bytes)', () => {
    expect(parseByteSize('16mb')).toBe(16 * 1024 * 1024);
    expect(parseByteSize('64kb')).toBe(65_536);
    expect(parseByteSize('512')).toBe(512);
    expect(parseByteSize('1GB')).toBe(1024 ** 3);
    expect(() => parseByteSize('lots')).toThrow(/not a byte size/);
  });
});
