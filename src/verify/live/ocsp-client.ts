/**
 * Asks OCSP responders on a decision-cache miss: answers are cached until their nextUpdate,
 * concurrent checks of one certificate share one request, and every exchange is bounded in time
 * and size. A cache hit answers synchronously, so only a request that waits on a responder is
 * asynchronous.
 */
import { LRUCache } from 'lru-cache';
import type { ParsedCertificate } from '../../x509/certificate.js';
import { buildOcspRequest, ocspUrlsOf, parseOcspResponse } from '../../x509/ocsp.js';
import { type OcspVerdict, judgeOcspResponse } from '../ocsp.js';
import type { OcspAnswer, OcspSubject } from '../revocation.js';
import { fetchBytes } from './fetch.js';

/** Largest OCSP response read (RFC 5019 responses are a few KiB; a delegated responder's certificate included). */
export const OCSP_MAX_BYTES = 64 * 1024;
/** Distinct certificates whose answers are kept. */
export const OCSP_CACHE_ENTRIES = 10_000;

/** OCSP settings after validation. */
export interface OcspSettings {
  /** Asked instead of the certificate's AIA URL, when set. */
  readonly responder: string | undefined;
  readonly timeoutMs: number;
}

/** What the client needs from the verifier's configuration. */
export interface OcspClientContext {
  readonly now: () => Date;
  /** The wall clock (ms) for status times; the core reads no clock of its own. */
  readonly wallClock: () => number;
  readonly toleranceMs: number;
  readonly allowWeakAlgorithms: boolean;
}

/** Counters and the last failure, for the status snapshot. */
export interface OcspStatus {
  readonly cachedAnswers: number;
  readonly requests: number;
  readonly failures: number;
  readonly lastError: string | undefined;
  readonly lastErrorAt: string | undefined;
}

/** Per-request answers fetched for this decision (failures included, which are never cached). */
export type OcspOverlay = Map<string, OcspAnswer>;

function keyOf(cert: ParsedCertificate, issuer: ParsedCertificate): string {
  return `${issuer.fingerprint256}:${cert.serialDer}`;
}

function asAnswer(verdict: OcspVerdict): OcspAnswer {
  if (verdict.status === 'good') return { status: 'good', validUntil: verdict.validUntil };
  if (verdict.status === 'revoked') return { status: 'revoked' };
  return { status: 'unknown', problem: verdict.problem };
}

/** The OCSP side of a live trust store. */
export class OcspClient {
  private readonly cache = new LRUCache<string, OcspVerdict & { validUntil: number }>({ max: OCSP_CACHE_ENTRIES });
  private readonly inflight = new Map<string, Promise<OcspVerdict>>();
  private requests = 0;
  private failures = 0;
  private lastError: string | undefined;
  private lastErrorAt: string | undefined;

  constructor(
    private readonly settings: OcspSettings,
    private readonly context: OcspClientContext,
  ) {}

  /** The answer available now, synchronously: from this request's fetches, then the cache; else `pending`. */
  lookup(cert: ParsedCertificate, issuer: ParsedCertificate, nowMs: number, overlay: OcspOverlay | undefined): OcspAnswer {
    const key = keyOf(cert, issuer);
    const fetched = overlay?.get(key);
    if (fetched) return fetched;
    const hit = this.cache.get(key);
    if (hit && nowMs <= hit.validUntil) return asAnswer(hit);
    if (!this.urlFor(cert)) {
      return {
        status: 'unknown',
        problem: {
          reason: 'ocsp-no-responder',
          message: 'no CRL covers it and it names no OCSP responder (AIA), nor is `ocsp.responder` set',
        },
      };
    }
    return { status: 'pending' };
  }

  /** Fetches the answers for `subjects` (sharing requests already in flight) into `overlay`. */
  async resolve(subjects: readonly OcspSubject[], overlay: OcspOverlay): Promise<void> {
    await Promise.all(
      subjects.map(async ({ cert, issuer }) => {
        const key = keyOf(cert, issuer);
        let flight = this.inflight.get(key);
        if (!flight) {
          flight = this.ask(cert, issuer).finally(() => this.inflight.delete(key));
          this.inflight.set(key, flight);
        }
        overlay.set(key, asAnswer(await flight));
      }),
    );
  }

  /** Snapshot for operators. */
  status(): OcspStatus {
    return {
      cachedAnswers: this.cache.size,
      requests: this.requests,
      failures: this.failures,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }

  private urlFor(cert: ParsedCertificate): string | undefined {
    return this.settings.responder ?? ocspUrlsOf(cert)[0];
  }

  private async ask(cert: ParsedCertificate, issuer: ParsedCertificate): Promise<OcspVerdict> {
    const url = this.urlFor(cert);
    this.requests++;
    let verdict: OcspVerdict;
    try {
      const result = await fetchBytes({
        url: url ?? '',
        method: 'POST',
        body: buildOcspRequest(cert, issuer),
        headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
        timeoutMs: this.settings.timeoutMs,
        maxBytes: OCSP_MAX_BYTES,
      });
      if (result.status !== 200) throw new Error('the responder answered 304 to a POST');
      let parsed;
      try {
        parsed = parseOcspResponse(new Uint8Array(result.body));
      } catch (err) {
        verdict = {
          status: 'unknown',
          problem: { reason: 'ocsp-invalid', message: `the OCSP response does not parse (${(err as Error).message})` },
        };
        this.noteFailure(verdict.problem.message);
        return verdict;
      }
      verdict = judgeOcspResponse(parsed, {
        cert,
        issuer,
        nowMs: this.context.now().getTime(),
        toleranceMs: this.context.toleranceMs,
        allowWeakAlgorithms: this.context.allowWeakAlgorithms,
      });
    } catch (err) {
      const message = `the OCSP responder ${url ?? ''} is unavailable: ${(err as Error).message}`;
      this.noteFailure(message);
      return { status: 'unknown', problem: { reason: 'ocsp-unavailable', message } };
    }
    // Only answers the responder vouched for are cached; failures are retried by the next request.
    if (verdict.validUntil !== undefined) this.cache.set(keyOf(cert, issuer), { ...verdict, validUntil: verdict.validUntil });
    else if (verdict.status === 'unknown') this.noteFailure(verdict.problem.message);
    return verdict;
  }

  private noteFailure(message: string): void {
    this.failures++;
    this.lastError = message;
    this.lastErrorAt = new Date(this.context.wallClock()).toISOString();
  }
}
