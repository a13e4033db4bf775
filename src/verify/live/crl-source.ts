/**
 * CRL sources kept current in the background: `{ url }` (fetched before nextUpdate, with jitter,
 * conditional requests and back-off) and `{ file }` (re-read when it changes, a rename over it
 * included). A new CRL replaces the last good one only once it is verified and not older; on any
 * failure the last good CRL stays in force and the failure is reported.
 */
import { type FSWatcher, readFileSync, statSync, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type CrlEnvelope, type ParsedCrl, crlDerFromInput, parseCrlDer, readCrlEnvelope } from '../../x509/crl.js';
import { PemError } from '../../x509/pem.js';
import { fetchBytes } from './fetch.js';

/** A configured source. */
export type CrlSourceSpec = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly file: string };

/** Largest CRL accepted from a source. */
export const CRL_MAX_BYTES = 16 * 1024 * 1024;
/** Timeout of one CRL download. */
export const CRL_FETCH_TIMEOUT_MS = 10_000;
/** A fetched CRL is re-fetched at least this often, even when its nextUpdate is far away. */
export const CRL_MAX_REFRESH_MS = 60 * 60_000;
/** Shortest wait between two fetches of one URL (a CRL valid for a second must not cause a busy loop). */
export const CRL_MIN_REFRESH_MS = 200;
/** Back-off after failures: doubled per failure from the first value, up to the second. */
export const CRL_RETRY_MS = [1_000, 5 * 60_000] as const;
/** How often a watched file is also checked by stat (fs.watch misses events on some file systems). */
export const CRL_FILE_POLL_MS = 1_000;

/** What an operator sees of one source. */
export interface CrlSourceStatus {
  /** The URL or the file path. */
  readonly source: string;
  readonly kind: 'url' | 'file';
  /** A CRL from this source is in force. */
  readonly loaded: boolean;
  /** When a CRL was last accepted or confirmed unchanged (ISO 8601). */
  readonly lastLoadAt: string | undefined;
  /** thisUpdate of the CRL in force. */
  readonly thisUpdate: string | undefined;
  /** When the CRL in force goes stale (its nextUpdate); undefined when it has none. */
  readonly staleAt: string | undefined;
  /** The CRL in force is past its nextUpdate by the validation clock. */
  readonly stale: boolean;
  /** CRL number of the CRL in force (decimal). */
  readonly crlNumber: string | undefined;
  /** Why the last attempt failed or its CRL was refused, until an attempt succeeds. */
  readonly lastError: string | undefined;
  readonly lastErrorAt: string | undefined;
  /** When the next fetch is planned (url sources). */
  readonly nextRefreshAt: string | undefined;
}

/** Something that happened to a source: reported to `onTrustEvent` (or as a process warning). */
export interface TrustEvent {
  readonly type: 'crl-loaded' | 'crl-unchanged' | 'crl-refused' | 'crl-error' | 'crl-stale';
  /** The URL or file path. */
  readonly source: string;
  readonly message: string;
  readonly time: string;
}

/** What a source needs from the trust store. */
export interface CrlSourceContext {
  readonly now: () => Date;
  /** The wall clock (ms) for timers and status times; the core reads no clock of its own. */
  readonly wallClock: () => number;
  /** Why this CRL may not be used (not signed by a configured CA, unusable), or undefined. */
  readonly vet: (crl: ParsedCrl) => string | undefined;
  /** Why a CRL is not signed by any configured CA's key, checked before its entries are read; undefined when it is. */
  readonly vetSignature?: (envelope: CrlEnvelope) => string | undefined;
  /** Called when the CRLs in force change. */
  readonly changed: () => void;
  readonly report: (event: TrustEvent) => void;
  /** Injected for tests: the jitter factor source. Defaults to Math.random. */
  readonly random?: () => number;
}

function describe(spec: CrlSourceSpec): string {
  return spec.kind === 'url' ? spec.url : spec.file;
}

/**
 * The key under which two CRLs compete: one issuer's complete or delta CRL for one scope. A CRL of
 * another issuer or scope is no successor: taking it would drop what the CRL in force revokes. (A
 * re-keyed CA keeps its slot; a replay of its old key's CRLs is refused as older.)
 */
function slotOf(crl: ParsedCrl): string {
  return `${crl.issuer.key}\u0000${crl.scopeKey}\u0000${crl.deltaBase === undefined ? 'base' : 'delta'}`;
}

/** Why `next` must not replace `current` (older or replayed), or undefined. */
export function olderThan(next: ParsedCrl, current: ParsedCrl): string | undefined {
  if (next.crlNumber !== undefined && current.crlNumber !== undefined && next.crlNumber < current.crlNumber) {
    return `its CRL number ${next.crlNumber} is lower than the current ${current.crlNumber}`;
  }
  if (next.thisUpdate.getTime() < current.thisUpdate.getTime()) {
    return `its thisUpdate ${next.thisUpdate.toISOString()} is older than the current ${current.thisUpdate.toISOString()}`;
  }
  return undefined;
}

/** One source and its last good CRLs. */
export class CrlSource {
  /** The CRLs in force from this source (the last good ones). */
  crls: readonly ParsedCrl[] = [];
  /** Settles after the first attempt: resolves when it loaded, rejects with its error otherwise. */
  readonly firstLoad: Promise<void>;
  private settleFirst: ((error?: Error) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private staleTimer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private closed = false;
  private failures = 0;
  private etag: string | undefined;
  private lastModified: string | undefined;
  private fileSignature = '';
  private lastLoadAt: string | undefined;
  private lastError: string | undefined;
  private lastErrorAt: string | undefined;
  private nextRefreshAt: number | undefined;
  private loading = false;
  private reloadAgain = false;

  constructor(
    readonly spec: CrlSourceSpec,
    private readonly context: CrlSourceContext,
  ) {
    this.firstLoad = new Promise<void>((resolvePromise, reject) => {
      this.settleFirst = (error) => (error ? reject(error) : resolvePromise());
    });
    // ready() reports it; a process that never calls ready() must not see an unhandled rejection.
    this.firstLoad.catch(() => undefined);
  }

  /** Starts loading and watching. */
  start(): void {
    if (this.spec.kind === 'url') {
      void this.refresh();
      return;
    }
    const file = resolve(this.spec.file);
    this.loadFile(file);
    try {
      // Watching the directory sees a new file renamed over the old name; watching the file would not.
      this.watcher = watch(dirname(file), (_event, name) => {
        if (name === null || name.toString() === basename(file)) this.loadFile(file);
      });
      this.watcher.on('error', () => this.watcher?.close());
      this.watcher.unref();
    } catch {
      // No watcher on this file system: the stat poll below still sees changes.
    }
    this.poller = setInterval(() => this.loadFile(file), CRL_FILE_POLL_MS);
    this.poller.unref();
  }

  /** Stops every timer and watcher. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.staleTimer);
    clearInterval(this.poller);
    this.watcher?.close();
    this.settleFirst?.(new Error(`${describe(this.spec)}: closed before it loaded`));
    this.settleFirst = undefined;
  }

  /** Snapshot for operators. */
  status(): CrlSourceStatus {
    const nowMs = this.safeNow();
    const base = this.crls.find((c) => c.deltaBase === undefined) ?? this.crls[0];
    const staleAt = this.earliestNextUpdate();
    return {
      source: describe(this.spec),
      kind: this.spec.kind,
      loaded: this.crls.length > 0,
      lastLoadAt: this.lastLoadAt,
      thisUpdate: base?.thisUpdate.toISOString(),
      staleAt: staleAt === undefined ? undefined : new Date(staleAt).toISOString(),
      stale: staleAt !== undefined && nowMs > staleAt,
      crlNumber: base?.crlNumber?.toString(),
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      nextRefreshAt: this.nextRefreshAt === undefined ? undefined : new Date(this.nextRefreshAt).toISOString(),
    };
  }

  private safeNow(): number {
    try {
      return this.context.now().getTime();
    } catch {
      return this.context.wallClock();
    }
  }

  private earliestNextUpdate(): number | undefined {
    let at: number | undefined;
    for (const crl of this.crls) if (crl.nextUpdate) at = Math.min(at ?? Infinity, crl.nextUpdate.getTime());
    return at;
  }

  private report(type: TrustEvent['type'], message: string): void {
    this.context.report({ type, source: describe(this.spec), message, time: new Date(this.context.wallClock()).toISOString() });
  }

  private fail(message: string, type: 'crl-error' | 'crl-refused' = 'crl-error'): void {
    this.failures++;
    this.lastError = message;
    this.lastErrorAt = new Date(this.context.wallClock()).toISOString();
    this.report(type, message);
    this.settleFirst?.(new Error(`${describe(this.spec)}: ${message}`));
    this.settleFirst = undefined;
  }

  /**
   * Takes new bytes: every CRL in them must parse, be usable, be signed by a configured CA, and
   * not be older than the one it replaces. Otherwise nothing changes.
   */
  private accept(bytes: Buffer): void {
    // DER starts with a SEQUENCE; anything else is read as text holding PEM blocks (with any text around them).
    let ders: Uint8Array[];
    try {
      ders = bytes[0] === 0x30 ? [new Uint8Array(bytes)] : crlDerFromInput(bytes.toString('latin1'));
    } catch (err) {
      if (err instanceof PemError) return this.refuse(`${err.message} (${err.reason})`);
      throw err;
    }
    if (ders.length === 0) return this.refuse('it holds no "-----BEGIN X509 CRL-----" block');
    // The same bytes again (no ETag, a touched file, a CA publishing late): the CRLs in force are
    // vetted again, cheaply (the configuration may have changed), instead of being read again whole.
    const unchanged =
      ders.length === this.crls.length &&
      ders.every((der, i) => Buffer.compare(der, this.crls[i].der) === 0) &&
      this.crls.every((c) => this.context.vet(c) === undefined);
    const next: ParsedCrl[] = unchanged ? [...this.crls] : [];
    for (const der of unchanged ? [] : ders) {
      let crl: ParsedCrl;
      try {
        // Forged bytes cost a signature check, never a read of all their entries.
        const unsigned = this.context.vetSignature?.(readCrlEnvelope(der));
        if (unsigned) return this.refuse(unsigned);
        crl = parseCrlDer(der);
      } catch (err) {
        return this.refuse(`it does not parse as a CRL (${(err as Error).message})`);
      }
      const problem = crl.unusable ?? this.context.vet(crl);
      if (problem) return this.refuse(problem);
      const current = this.crls.find((c) => slotOf(c) === slotOf(crl));
      const older = current && olderThan(crl, current);
      if (older) return this.refuse(`it is older than the CRL in force: ${older}`);
      next.push(crl);
    }
    // An answer replaced by a genuine CRL of another issuer or scope (replayed by whoever is on the
    // path of an http download) would silently drop every revocation the CRL in force lists.
    // A CRL whose CA is no longer configured (update() removed it) protects nothing and may go.
    const dropped = this.crls.find((c) => !next.some((n) => slotOf(n) === slotOf(c)) && this.context.vet(c) === undefined);
    if (dropped) {
      return this.refuse(
        `it does not succeed the CRL in force (CRL number ${dropped.crlNumber ?? '?'}): it is a CRL of another issuer or scope`,
      );
    }
    this.failures = 0;
    this.lastError = undefined;
    this.lastErrorAt = undefined;
    this.lastLoadAt = new Date(this.context.wallClock()).toISOString();
    const same = next.length === this.crls.length && next.every((c, i) => Buffer.compare(c.der, this.crls[i].der) === 0);
    if (!same) {
      this.crls = next;
      this.context.changed();
      this.report('crl-loaded', `loaded CRL number ${next[0].crlNumber ?? '?'} (thisUpdate ${next[0].thisUpdate.toISOString()})`);
    } else {
      this.report('crl-unchanged', 'the CRL is unchanged');
    }
    this.settleFirst?.();
    this.settleFirst = undefined;
    this.watchStaleness();
  }

  private refuse(why: string): void {
    this.fail(this.crls.length ? `a new CRL was refused and the last good one kept: ${why}` : `the CRL was refused: ${why}`, 'crl-refused');
  }

  /** Reports a CRL that reaches nextUpdate without being replaced. */
  private watchStaleness(): void {
    clearTimeout(this.staleTimer);
    const at = this.earliestNextUpdate();
    if (at === undefined || this.closed) return;
    const delay = Math.max(0, Math.min(at - this.safeNow() + 1_000, 2 ** 31 - 1));
    this.staleTimer = setTimeout(() => {
      if (this.closed || this.earliestNextUpdate() !== at) return;
      // Stale by the validation clock, which is what decisions use; if that clock is behind, look again later.
      if (this.safeNow() <= at) return this.watchStaleness();
      this.report('crl-stale', `the CRL went stale at ${new Date(at).toISOString()} and was not replaced`);
    }, delay);
    this.staleTimer.unref();
  }

  private loadFile(file: string): void {
    if (this.closed) return;
    let signature: string;
    try {
      const st = statSync(file);
      signature = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch (err) {
      if (this.fileSignature !== 'missing') {
        this.fileSignature = 'missing';
        this.fail(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      return;
    }
    if (signature === this.fileSignature) return;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      this.fail(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return;
    }
    if (bytes.length > CRL_MAX_BYTES) {
      this.fileSignature = signature;
      this.refuse(`the file is larger than ${CRL_MAX_BYTES} bytes`);
      return;
    }
    this.fileSignature = signature;
    try {
      this.accept(bytes);
    } catch (err) {
      // A bug must not kill the watcher: report it, keep the last good CRL.
      this.fail(`the CRL could not be processed (${(err as Error).message})`);
    }
  }

  private async refresh(): Promise<void> {
    if (this.closed) return;
    if (this.loading) {
      this.reloadAgain = true;
      return;
    }
    this.loading = true;
    const url = (this.spec as { url: string }).url;
    try {
      const headers: Record<string, string> = { accept: 'application/pkix-crl, application/x-pkcs7-crl, */*' };
      // Conditional only while we hold a CRL: a 304 must never stand in for a first load.
      if (this.crls.length && this.etag) headers['if-none-match'] = this.etag;
      if (this.crls.length && this.lastModified) headers['if-modified-since'] = this.lastModified;
      const result = await fetchBytes({ url, timeoutMs: CRL_FETCH_TIMEOUT_MS, maxBytes: CRL_MAX_BYTES, headers });
      if (this.closed) return;
      if (result.status === 304) {
        this.failures = 0;
        this.lastError = undefined;
        this.lastLoadAt = new Date(this.context.wallClock()).toISOString();
        this.report('crl-unchanged', 'not modified (304)');
      } else {
        this.accept(result.body);
        // Validators are remembered only for a CRL we hold, or a 304 could hide a refused one.
        if (this.failures === 0) {
          this.etag = result.etag;
          this.lastModified = result.lastModified;
        }
      }
    } catch (err) {
      if (this.closed) return;
      this.fail(`the download failed: ${(err as Error).message}`);
    } finally {
      this.loading = false;
    }
    this.schedule();
  }

  /** Plans the next fetch: before nextUpdate with jitter, or with back-off after a failure. */
  private schedule(): void {
    if (this.closed) return;
    const random = this.context.random ?? Math.random;
    let delay: number;
    const nowMs = this.safeNow();
    const staleAt = this.earliestNextUpdate();
    if (this.reloadAgain) {
      this.reloadAgain = false;
      delay = 0;
    } else if (this.failures > 0 || staleAt === undefined || staleAt <= nowMs) {
      // Failing, or the server still serves a stale CRL: back off, jittered so a fleet spreads out.
      const base = Math.min(CRL_RETRY_MS[1], CRL_RETRY_MS[0] * 2 ** Math.max(0, this.failures - 1));
      delay = staleAt === undefined && this.failures === 0 ? CRL_MAX_REFRESH_MS : base * (0.75 + 0.5 * random());
    } else {
      // Between half and 80 % of the time left, so the next CRL arrives before this one goes stale.
      delay = Math.min(CRL_MAX_REFRESH_MS, (staleAt - nowMs) * (0.5 + 0.3 * random()));
    }
    delay = Math.max(CRL_MIN_REFRESH_MS, Math.min(delay, CRL_MAX_REFRESH_MS));
    this.nextRefreshAt = nowMs + delay;
    this.timer = setTimeout(() => void this.refresh(), delay);
    this.timer.unref();
  }
}
