// The contracts library has its own assertNever, but the domain may import only types
// from it, so the exhaustiveness guard lives here too.

/** Compile-time proof that a switch handled every case; throws if a new case slips through at run time. */
export function assertNever(value: never, what: string): never {
  throw new RangeError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
