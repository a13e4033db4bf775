/**
 * Checks shared by every option group: unknown keys (with a "Did you mean" suggestion), plain
 * objects, URLs, integers. Each throws a TypeError that says how to fix the mistake.
 */

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** The known option a mistyped `key` most likely meant, if one is close enough. */
export function closestOption(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  // Closest by edit distance; a known name that starts with the typo (a truncation) counts as close.
  const best = known
    .map((k) => ({ k, d: k.toLowerCase().startsWith(lower) ? 1 : editDistance(lower, k.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}

/** Throws a TypeError for keys that are not options, suggesting the closest known one. */
export function rejectUnknownKeys(where: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const best = closestOption(key, known);
    const hint = best ? ` Did you mean \`${best}\`?` : '';
    throw new TypeError(`${where}: unknown option \`${key}\`.${hint} Known options: ${known.join(', ')}.`);
  }
}

/** Throws unless `options` is a plain object (not null, not an array). */
export function assertPlainObject(where: string, options: unknown): asserts options is Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: pass an options object.`);
  }
}

/** `value` as an absolute http(s) URL, or a TypeError naming the option. */
export function httpUrl(where: string, at: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`${where}: \`${at}\` must be an http:// or https:// URL.`);
  }
  return url.href;
}

/** `value` as an integer ≥ `min`, `fallback` when absent, or a TypeError naming the option. */
export function positiveInteger(where: string, option: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`${where}: \`${option}\` must be an integer ≥ ${min}.`);
  }
  return value;
}
