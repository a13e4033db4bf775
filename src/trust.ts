/**
 * The live trust store as the factories expose it: the core's LiveTrust, plus the user's options
 * in force so that `update(partial)` is validated on top of them (a TypeError changes nothing).
 */
import { type CompiledVerifierOptions, compileUpdate } from './options.js';
import type { TrustUpdate, VerifierOptions } from './types.js';
import { LiveTrust, type TrustSnapshot, type TrustStatus } from './verify/live/trust.js';

/** `ready`, `update`, `close`, `status` over one live trust store, and the snapshot in force. */
export class ConfiguredTrust {
  private readonly live: LiveTrust;
  private raw: VerifierOptions;

  constructor(
    private readonly where: string,
    compiled: CompiledVerifierOptions,
    raw: VerifierOptions,
  ) {
    this.raw = raw;
    // The sources' timers run on the wall clock; decisions get their `nowMs` from the `now` option.
    this.live = new LiveTrust(where, compiled, () => Date.now());
  }

  /** The configuration in force now; take it once per decision. */
  get current(): TrustSnapshot {
    return this.live.current;
  }

  /** Resolves when every source has loaded once; rejects naming those whose first load failed. */
  ready(): Promise<void> {
    return this.live.ready();
  }

  /** Validates `partial` on top of the options in force, then swaps; a TypeError leaves everything as it was. */
  update(partial: TrustUpdate): void {
    const { raw, compiled } = compileUpdate(this.where, this.raw, partial);
    this.raw = raw;
    this.live.update(compiled, { crls: Object.hasOwn(partial, 'crls'), ocsp: Object.hasOwn(partial, 'ocsp') });
  }

  /** Stops every background refresh. */
  close(): void {
    this.live.close();
  }

  /** What each source last did, and the OCSP counters. */
  status(): TrustStatus {
    return this.live.status();
  }
}
