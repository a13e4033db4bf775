// What a decoder refused with: the DerError's message and reason (any other throw, or none, fails the test).
import { DerError } from '../../src/x509/asn1';

/** The message and reason of the DerError `fn` throws. */
export function derRefusal(fn: () => unknown): { message: string; reason: string } {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
    return { message: err.message, reason: err.reason };
  }
  throw new Error('expected a DerError');
}

/** The message of the DerError `fn` throws. */
export const derMessage = (fn: () => unknown): string => derRefusal(fn).message;
