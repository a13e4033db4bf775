/**
 * Chains spread over numbered fields (Apache's `SSL_CLIENT_CERT_CHAIN_n` forwarded as
 * `X-SSL-Client-Cert-Chain-0`, `-1`, …). Names are matched as a prefix plus decimal digits, in
 * one pass over the name, so a client cannot make stripping them cost more than reading them.
 */
import { isNoCertificate } from './scan.js';
import { malformed } from '../errors.js';

/** The numbered fields Apache's recipes use; stripped from every request whatever the configuration. */
export const DEFAULT_CHAIN_FIELD_PREFIX = 'x-ssl-client-cert-chain-';

/** Highest index read; Apache's SSL_CLIENT_CERT_CHAIN_n is bounded by SSLVerifyDepth. */
const MAX_INDEX_DIGITS = 2;

/** True when `name` (lowercase) is `prefix` followed by one or more decimal digits. */
export function isNumberedField(name: string, prefix: string): boolean {
  if (name.length <= prefix.length || !name.startsWith(prefix)) return false;
  for (let i = prefix.length; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * The values of the numbered fields taken off a request, in index order. Each field must appear
 * once, indices must run 0, 1, 2, … without a gap, and a "no certificate" value (`(null)`, empty)
 * ends the chain: nothing after it may carry a certificate.
 */
export function numberedFieldValues(taken: ReadonlyMap<string, readonly string[]>, prefix: string): string[] {
  const byIndex: string[] = [];
  let count = 0;
  for (const [name, lines] of taken) {
    if (!isNumberedField(name, prefix)) continue;
    const digits = name.slice(prefix.length);
    if (digits.length > MAX_INDEX_DIGITS || (digits.length > 1 && digits.startsWith('0'))) {
      throw malformed('chain-field-index-invalid', `a chain field's index must be 0 to 99 without leading zeros`);
    }
    if (lines.length !== 1) throw malformed('field-repeated', 'each numbered chain field must appear exactly once');
    byIndex[Number(digits)] = lines[0];
    count++;
  }
  if (count !== byIndex.length) throw malformed('chain-field-gap', 'the numbered chain fields skip an index');
  let end = byIndex.length;
  while (end > 0 && isNoCertificate(byIndex[end - 1])) end--;
  for (let i = 0; i < end; i++) {
    if (isNoCertificate(byIndex[i])) throw malformed('chain-field-gap', `chain field ${i} is empty but a later one carries a certificate`);
  }
  return byIndex.slice(0, end);
}
