/**
 * The one clock reading of a decision, taken at the edge and passed down as `nowMs`: the core
 * never reads a clock itself.
 */

/** Reads `now` once, in ms; NaN when the clock throws or returns an invalid Date (refused as `clock-invalid`, never cached). */
export function readClock(now: () => Date): number {
  try {
    const date: unknown = now();
    return date instanceof Date ? date.getTime() : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
