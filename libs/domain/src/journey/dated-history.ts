/** The latest entry dated on or before `on`, in a history kept in fold order (so, by date). */
export function latestOnOrBefore<T extends { on: string }>(history: readonly T[], on: string): T | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i];
    if (entry !== undefined && entry.on <= on) return entry;
  }
  return null;
}
