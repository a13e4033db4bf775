// Tasks that test/helpers/deadline.ts runs in a worker thread. Arguments and results cross the
// thread boundary by structured clone: plain data only.
import { createVerifier, isClientCertError } from '../../src/index';
import type { WorkerVerdict, WorkerVerifierOptions } from './deadline';

/** Verifies `input` with a verifier built from `options`; a refusal is a verdict, anything else a throw. */
export async function verify(args: {
  options: WorkerVerifierOptions;
  input: { certificate: string | Uint8Array; chain?: (string | Uint8Array)[] };
}): Promise<WorkerVerdict> {
  const { nowMs, ...options } = args.options;
  const verifier = createVerifier({ ...options, now: () => new Date(nowMs) });
  try {
    const identity = await verifier.verify(args.input);
    return { accepted: true, chainLength: identity.chain.length };
  } catch (err) {
    if (!isClientCertError(err)) throw err;
    return { accepted: false, code: err.code, reason: err.reason, message: err.message };
  }
}

/** A deliberate synchronous runaway: never returns. */
export function spinForever(): never {
  for (;;) {
    // Nothing: the point is that only terminating the thread ends this.
  }
}

/** Returns its argument: the harness's round trip. */
export function echo<T>(value: T): T {
  return value;
}
