/**
 * The live trust store: one compiled configuration in force at a time, swapped atomically when
 * `update()` is called or a CRL source loads a new CRL. A request takes the snapshot in force
 * when it starts and finishes under it; the generation number tells caches to drop decisions.
 */
import type { ParsedCertificate } from '../../x509/certificate.js';
import type { CrlEnvelope, ParsedCrl } from '../../x509/crl.js';
import { KeyUsage } from '../../x509/certificate.js';
import { checkSigned } from '../signature.js';
import { Refusal } from '../refusal.js';
import type { TrustSettings } from '../settings.js';
import { type PathVerifier, type VerifiedPath, compilePathVerifier } from '../index.js';
import { OcspPending } from '../ocsp.js';
import { findPath, indexBySubject } from '../path.js';
import { signedBy } from '../revocation.js';
import { CrlSource, type CrlSourceSpec, type CrlSourceStatus, type TrustEvent } from './crl-source.js';
import { OcspClient, type OcspOverlay, type OcspStatus } from './ocsp-client.js';

/** Rounds of "fetch OCSP answers, verify again" per decision (a different path may need other answers). */
const MAX_OCSP_ROUNDS = 4;

/** The state of the live trust material, for operators. */
export interface TrustStatus {
  /** Bumped by every change of configuration or of CRLs in force. */
  readonly generation: number;
  readonly sources: readonly CrlSourceStatus[];
  /** OCSP counters, when OCSP is on. */
  readonly ocsp: OcspStatus | undefined;
}

/** Which parts of the configuration an update replaced. */
export interface TrustChanges {
  readonly crls: boolean;
  readonly ocsp: boolean;
}

/** One configuration in force. */
export interface TrustSnapshot {
  readonly generation: number;
  readonly options: TrustSettings;
  readonly verifyPath: PathVerifier;
  readonly ocsp: OcspClient | undefined;
}

function specKey(spec: CrlSourceSpec): string {
  return spec.kind === 'url' ? `url:${spec.url}` : `file:${spec.file}`;
}

/** Verifies under `snap`, fetching OCSP answers when the decision needs them: synchronous unless it must wait on a responder. */
export function verifyLive(
  snap: TrustSnapshot,
  leaf: ParsedCertificate,
  chain: readonly ParsedCertificate[],
  nowMs: number,
): VerifiedPath | Promise<VerifiedPath> {
  const overlay: OcspOverlay = new Map();
  const attempt = (round: number): VerifiedPath | Promise<VerifiedPath> => {
    try {
      return snap.verifyPath(leaf, chain, nowMs, overlay);
    } catch (err) {
      if (!(err instanceof OcspPending)) throw err;
      if (!snap.ocsp || round >= MAX_OCSP_ROUNDS) {
        throw new Refusal('ocsp-unavailable', 'Revocation status is unknown: too many OCSP rounds for one decision');
      }
      return snap.ocsp.resolve(err.subjects, overlay).then(() => attempt(round + 1));
    }
  };
  return attempt(0);
}

/** Holds the configuration in force, its CRL sources and its OCSP client. */
export class LiveTrust {
  private snapshot: TrustSnapshot;
  /** The compiled options without the sources' CRLs. */
  private base: TrustSettings;
  private sources: CrlSource[] = [];
  private ocspClient: OcspClient | undefined;
  private generation = 0;
  private closed = false;
  private warned = new Set<string>();

  constructor(
    private readonly where: string,
    compiled: TrustSettings,
    /** The wall clock (ms) of the sources' timers and status times, passed in by the edge. */
    private readonly wallClock: () => number,
  ) {
    this.base = compiled;
    this.ocspClient = this.makeOcsp(compiled);
    this.snapshot = this.build(compiled);
    this.sources = compiled.crlSources.map((spec) => this.makeSource(spec));
    for (const source of this.sources) source.start();
  }

  /** The configuration in force now; take it once per decision. */
  get current(): TrustSnapshot {
    return this.snapshot;
  }

  /** Resolves when every source has loaded once; rejects naming those whose first load failed. */
  async ready(): Promise<void> {
    const sources = this.sources;
    const results = await Promise.allSettled(sources.map((s) => s.firstLoad));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (failed.length) throw new Error(`${this.where}: CRL sources did not load: ${failed.join('; ')}`);
  }

  /**
   * Swaps in `compiled` (validated by the caller, so a mistake never reaches here), replacing the
   * OCSP client and the CRL sources when `changed` says they were part of the update.
   */
  update(compiled: TrustSettings, changed: TrustChanges): void {
    // Nothing below throws: the swap happens as a whole.
    this.base = compiled;
    if (changed.ocsp) this.ocspClient = this.makeOcsp(compiled);
    if (changed.crls) {
      const keep = new Map(this.sources.map((s) => [specKey(s.spec), s]));
      const next = compiled.crlSources.map((spec) => {
        const existing = keep.get(specKey(spec));
        keep.delete(specKey(spec));
        return existing ?? this.makeSource(spec);
      });
      for (const old of keep.values()) old.close();
      const fresh = next.filter((s) => !this.sources.includes(s));
      this.sources = next;
      this.snapshot = this.build(compiled);
      if (!this.closed) for (const s of fresh) s.start();
      return;
    }
    this.snapshot = this.build(compiled);
  }

  /** Stops every background refresh. */
  close(): void {
    this.closed = true;
    for (const s of this.sources) s.close();
  }

  /** What each source last did, and the OCSP counters. */
  status(): TrustStatus {
    return { generation: this.snapshot.generation, sources: this.sources.map((s) => s.status()), ocsp: this.ocspClient?.status() };
  }

  private makeOcsp(compiled: TrustSettings): OcspClient | undefined {
    if (!compiled.ocsp) return undefined;
    return new OcspClient(compiled.ocsp, {
      now: compiled.now,
      wallClock: this.wallClock,
      toleranceMs: compiled.clockToleranceMs,
      allowWeakAlgorithms: compiled.allowWeakAlgorithms,
    });
  }

  /** Compiles the options with the CRLs the sources hold now. */
  private build(compiled: TrustSettings): TrustSnapshot {
    const crls: ParsedCrl[] = [...compiled.crls];
    for (const s of this.sources) crls.push(...s.crls);
    const options: TrustSettings = { ...compiled, crls };
    this.generation++;
    return { generation: this.generation, options, verifyPath: compilePathVerifier(options, this.ocspClient), ocsp: this.ocspClient };
  }

  private makeSource(spec: CrlSourceSpec): CrlSource {
    const source: CrlSource = new CrlSource(spec, {
      now: () => this.snapshot.options.now(),
      wallClock: this.wallClock,
      vet: (crl) => this.vet(crl),
      vetSignature: (envelope) => this.vetSignature(envelope),
      // A source of the configuration in force changed its CRLs: rebuild with them.
      changed: () => {
        if (this.sources.includes(source)) this.snapshot = this.build(this.base);
      },
      report: (event) => this.report(event),
    });
    return source;
  }

  /** The first gate, before a CRL's entries are read: its signature verifies with the key of a configured CA of its issuer's name that may sign CRLs. */
  private vetSignature(envelope: CrlEnvelope): string | undefined {
    const { anchors, intermediates, allowWeakAlgorithms } = this.snapshot.options;
    for (const signer of [...anchors, ...intermediates]) {
      if (signer.subject.key !== envelope.issuer.key) continue;
      if (signer.keyUsage !== undefined && !(signer.keyUsage & KeyUsage.cRLSign)) continue;
      if (!checkSigned(envelope, signer, allowWeakAlgorithms, "the CRL's")) return undefined;
    }
    return 'it is not signed by a configured trust anchor or intermediate (configure the CA that issues it in `intermediates`)';
  }

  /** A CRL from a source must be signed by a configured anchor, or by a configured intermediate that chains to one. */
  private vet(crl: ParsedCrl): string | undefined {
    const { anchors, intermediates, allowWeakAlgorithms, maxChainLength } = this.snapshot.options;
    const anchorIndex = indexBySubject(anchors);
    const pool = indexBySubject(intermediates);
    for (const signer of [...anchors, ...intermediates]) {
      if (!signedBy(crl, signer, allowWeakAlgorithms)) continue;
      if (anchors.includes(signer)) return undefined;
      const chained = findPath({
        leaf: signer,
        anchors: anchorIndex,
        pool,
        maxChainLength,
        allowWeakAlgorithms,
        validate: () => ({ policies: [] }),
      });
      if (!chained.error) return undefined;
    }
    return 'it is not signed by a configured trust anchor or intermediate (configure the CA that issues it in `intermediates`)';
  }

  private report(event: TrustEvent): void {
    const hook = this.snapshot.options.onTrustEvent;
    if (hook) {
      try {
        hook(event);
      } catch {
        // A failing hook must not stop the refresh loop.
      }
      return;
    }
    // Without a hook, failures are still not silent: one warning per source and kind until it recovers.
    const key = `${event.source}\u0000${event.type}`;
    if (event.type === 'crl-loaded' || event.type === 'crl-unchanged') {
      for (const k of [...this.warned]) if (k.startsWith(`${event.source}\u0000`)) this.warned.delete(k);
      return;
    }
    if (this.warned.has(key)) return;
    this.warned.add(key);
    process.emitWarning(`express-client-cert: ${event.source}: ${event.message}`, { code: 'EXPRESS_CLIENT_CERT_TRUST' });
  }
}
