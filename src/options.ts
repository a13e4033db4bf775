/**
 * Options are validated and compiled once, when the middleware or verifier is created.
 * A programmer's mistake throws a TypeError that says how to fix it; nothing here runs per request.
 * The schema lives here; shared checks and suggestions in option-checks.ts, loading the trust
 * store (certificates, CRLs) in trust-material.ts, pinned fingerprints in fingerprint.ts.
 */
import { OID } from './x509/certificate.js';
import { ANY_POLICY } from './x509/extensions.js';
import { DEFAULT_POLICY, type PolicyInputs } from './verify/policies.js';
import type { ClientCertAuditEvent, ClientCertLimits, ClientCertOptions, VerifierOptions } from './types.js';
import { assertPlainObject, httpUrl, positiveInteger, rejectUnknownKeys } from './option-checks.js';
import { checkAnchorIsCa, compileCertificates, compileCrls } from './trust-material.js';
import { normaliseFingerprint256 } from './fingerprint.js';
import type { OcspSettings } from './verify/live/ocsp-client.js';
import type { TrustSettings } from './verify/settings.js';

/** Verifier options after validation: the core's settings (parsed anchors and pool, normalised fingerprints, live sources). */
export type CompiledVerifierOptions = TrustSettings;

/** Middleware options after validation. */
export interface CompiledMiddlewareOptions {
  readonly trustedProxies: ClientCertOptions['trustedProxies'];
  readonly required: boolean;
  readonly onAudit: ((event: ClientCertAuditEvent) => void) | undefined;
  readonly limits: Required<ClientCertLimits>;
  /** Take the certificate from the TLS socket when this server terminates mutual TLS itself. */
  readonly directTls: boolean;
  /** The verification cache, or false when disabled. */
  readonly cache: { maxEntries: number; maxKeyBytes: number; negativeTtlMs: number } | false;
}

const VERIFIER_KEYS = [
  'trustAnchors',
  'allowedFingerprints',
  'intermediates',
  'requiredEku',
  'now',
  'clockToleranceSec',
  'maxChainLength',
  'policy',
  'crls',
  'ocsp',
  'revocationMode',
  'onTrustEvent',
  'dangerouslyAllowWeakAlgorithms',
] as const;
const POLICY_KEYS = ['initialPolicySet', 'requireExplicitPolicy', 'inhibitPolicyMapping', 'inhibitAnyPolicy'] as const;
const MIDDLEWARE_KEYS = ['trustedProxies', 'required', 'onAudit', 'limits', 'cache', 'directTls'] as const;
const CACHE_KEYS = ['maxEntries', 'maxKeyBytes', 'negativeTtlSec'] as const;

/** The defaults of `cache`. */
export const DEFAULT_CACHE = Object.freeze({ maxEntries: 10_000, maxKeyBytes: 32 * 1024 * 1024, negativeTtlSec: 10 });
const LIMIT_KEYS = ['certBytes', 'chainBytes', 'chainCount'] as const;

/** The defaults of `limits`. */
export const DEFAULT_LIMITS: Readonly<Required<ClientCertLimits>> = Object.freeze({
  certBytes: 10 * 1024,
  chainBytes: 16 * 1024,
  chainCount: 10,
});

/** The clock used when no `now` is given; callers on the hot path recognise it and read Date.now() instead. */
export const systemClock = (): Date => new Date();

function compileVerifierFields(where: string, options: VerifierOptions): CompiledVerifierOptions {
  const anchors = compileCertificates(where, 'trustAnchors', options.trustAnchors);
  for (const anchor of anchors) checkAnchorIsCa(where, anchor);
  const intermediates = compileCertificates(where, 'intermediates', options.intermediates);

  let allowedFingerprints: Set<string> | undefined;
  if (options.allowedFingerprints !== undefined) {
    if (!Array.isArray(options.allowedFingerprints)) {
      throw new TypeError(`${where}: \`allowedFingerprints\` must be an array of SHA-256 hex strings.`);
    }
    allowedFingerprints = new Set(
      options.allowedFingerprints.map((f: unknown, i) => normaliseFingerprint256(f, `${where}: \`allowedFingerprints[${i}]\``)),
    );
    if (allowedFingerprints.size === 0) {
      throw new TypeError(`${where}: \`allowedFingerprints\` is empty, so no certificate could ever pass. Remove it or add fingerprints.`);
    }
  }
  if (anchors.length === 0 && !allowedFingerprints) {
    throw new TypeError(
      `${where}: give \`trustAnchors\` (your internal CA in PEM) and/or \`allowedFingerprints\` (SHA-256 of pinned leaf certificates); with neither, no certificate could be validated.`,
    );
  }

  let requiredEku: readonly string[] | null = [OID.clientAuth];
  if (options.requiredEku === null) requiredEku = null;
  else if (options.requiredEku !== undefined) {
    if (!Array.isArray(options.requiredEku) || !options.requiredEku.every((o) => typeof o === 'string' && /^\d+(?:\.\d+)+$/.test(o))) {
      throw new TypeError(
        `${where}: \`requiredEku\` must be an array of dotted OIDs (e.g. ['1.3.6.1.5.5.7.3.2'] for clientAuth), or null to disable the check.`,
      );
    }
    requiredEku = [...options.requiredEku];
  }

  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new TypeError(`${where}: \`now\` must be a function returning a Date.`);
  }
  const tolerance = options.clockToleranceSec ?? 0;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new TypeError(`${where}: \`clockToleranceSec\` must be a number of seconds ≥ 0.`);
  }

  const weak: unknown = options.dangerouslyAllowWeakAlgorithms;
  if (weak !== undefined && typeof weak !== 'boolean')
    throw new TypeError(`${where}: \`dangerouslyAllowWeakAlgorithms\` must be a boolean.`);

  const { crls, sources } = compileCrls(where, options.crls);
  const ocsp = compileOcsp(where, options.ocsp);
  const mode: unknown = options.revocationMode ?? 'hard';
  if (mode !== 'hard' && mode !== 'soft') throw new TypeError(`${where}: \`revocationMode\` must be 'hard' or 'soft'.`);
  if (anchors.length === 0 && (crls.length > 0 || sources.length > 0 || ocsp !== undefined)) {
    // Pinning alone has no issuer to verify a CRL or an OCSP response with: the revocation asked for would be skipped.
    throw new TypeError(
      `${where}: revocation (\`crls\`, \`ocsp\`) needs \`trustAnchors\`: with pinned leaves alone no CRL or OCSP signer can be verified, so a revoked leaf would pass. Remove it from \`allowedFingerprints\` to revoke it, or configure its CA.`,
    );
  }
  if (options.onTrustEvent !== undefined && typeof options.onTrustEvent !== 'function') {
    throw new TypeError(`${where}: \`onTrustEvent\` must be a function (event) => void.`);
  }
  return {
    anchors,
    intermediates,
    policy: compilePolicy(where, options.policy),
    crls,
    crlSources: sources,
    ocsp,
    revocationMode: mode,
    revocationConfigured: crls.length > 0 || sources.length > 0 || ocsp !== undefined,
    onTrustEvent: options.onTrustEvent,
    purpose: 'client',
    allowWeakAlgorithms: weak === true,
    allowedFingerprints,
    requiredEku,
    now: options.now ?? systemClock,
    clockToleranceMs: tolerance * 1000,
    maxChainLength: positiveInteger(where, 'maxChainLength', options.maxChainLength, 8, 1),
  };
}

/** Default time an OCSP responder has to answer. */
export const DEFAULT_OCSP_TIMEOUT_MS = 2_000;

function compileOcsp(where: string, value: unknown): OcspSettings | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { responder: undefined, timeoutMs: DEFAULT_OCSP_TIMEOUT_MS };
  assertPlainObject(`${where} ocsp`, value);
  rejectUnknownKeys(`${where} ocsp`, value, ['responder', 'timeoutMs']);
  return {
    responder: value.responder === undefined ? undefined : httpUrl(where, 'ocsp.responder', value.responder),
    timeoutMs: positiveInteger(where, 'ocsp.timeoutMs', value.timeoutMs, DEFAULT_OCSP_TIMEOUT_MS),
  };
}

/** Keys `update()` accepts. */
export const UPDATE_KEYS = ['trustAnchors', 'intermediates', 'allowedFingerprints', 'crls', 'ocsp', 'revocationMode'] as const;

/** Validates an `update()` on top of the options in force: the new compiled options, or a TypeError. */
export function compileUpdate(
  where: string,
  previous: VerifierOptions,
  partial: unknown,
): { raw: VerifierOptions; compiled: CompiledVerifierOptions } {
  assertPlainObject(`${where} update`, partial);
  rejectUnknownKeys(`${where} update`, partial, UPDATE_KEYS);
  const raw: VerifierOptions = { ...previous, ...(partial as Partial<VerifierOptions>) };
  return { raw, compiled: compileVerifierFields(where, raw) };
}

function compilePolicy(where: string, policy: unknown): PolicyInputs {
  if (policy === undefined) return DEFAULT_POLICY;
  assertPlainObject(`${where} policy`, policy);
  rejectUnknownKeys(`${where} policy`, policy, POLICY_KEYS);
  const set = policy.initialPolicySet ?? [ANY_POLICY];
  if (!Array.isArray(set) || set.length === 0 || !set.every((o) => typeof o === 'string' && /^\d+(?:\.\d+)+$/.test(o))) {
    throw new TypeError(
      `${where}: \`policy.initialPolicySet\` must be a non-empty array of dotted policy OIDs (default ['${ANY_POLICY}'], anyPolicy).`,
    );
  }
  for (const key of ['requireExplicitPolicy', 'inhibitPolicyMapping', 'inhibitAnyPolicy'] as const) {
    if (policy[key] !== undefined && typeof policy[key] !== 'boolean')
      throw new TypeError(`${where}: \`policy.${key}\` must be a boolean.`);
  }
  return {
    initialPolicySet: [...(set as string[])],
    requireExplicitPolicy: policy.requireExplicitPolicy === true,
    inhibitPolicyMapping: policy.inhibitPolicyMapping === true,
    inhibitAnyPolicy: policy.inhibitAnyPolicy === true,
  };
}

/** Validates and compiles `createVerifier` options. */
export function compileVerifierOptions(options: VerifierOptions): CompiledVerifierOptions {
  const where = 'createVerifier()';
  assertPlainObject(where, options);
  rejectUnknownKeys(where, options, VERIFIER_KEYS);
  return compileVerifierFields(where, options);
}

/** Validates and compiles `clientCert` options into the verifier's and the middleware's parts. */
export function compileMiddlewareOptions(options: ClientCertOptions): {
  verifier: CompiledVerifierOptions;
  middleware: CompiledMiddlewareOptions;
} {
  const where = 'clientCert()';
  assertPlainObject(where, options);
  rejectUnknownKeys(where, options, [...MIDDLEWARE_KEYS, ...VERIFIER_KEYS]);

  if (options.directTls !== undefined && typeof options.directTls !== 'boolean') {
    throw new TypeError(`${where}: \`directTls\` must be a boolean.`);
  }
  const tp: unknown = options.trustedProxies;
  // An empty list (no proxy at all) is an explicit choice only for a server that terminates TLS itself.
  const validList = (v: unknown): boolean =>
    typeof v === 'string' ||
    (Array.isArray(v) &&
      (v.length > 0 || options.directTls === true) &&
      v.every((s) => typeof s === 'string' || (typeof s === 'object' && s !== null)));
  if (Array.isArray(tp) && tp.length === 0 && options.directTls !== true) {
    throw new TypeError(
      `${where}: \`trustedProxies\` is empty, so no peer may send client certificates and every certificate field would be stripped. ` +
        "List the addresses of the proxies that terminate TLS in front of this app (e.g. ['loopback'] or ['10.0.0.0/8']), " +
        'or set `directTls: true` if this Node server terminates mutual TLS itself.',
    );
  }
  if (tp === undefined || (typeof tp !== 'function' && !validList(tp))) {
    throw new TypeError(
      `${where}: \`trustedProxies\` is required: the addresses of the proxies that terminate TLS in front of this app, ` +
        "e.g. ['loopback'] or ['10.0.0.0/8'] (proxy-addr syntax), or a function (addr) => boolean. Nothing is trusted by default.",
    );
  }
  if (options.required !== undefined && typeof options.required !== 'boolean') {
    throw new TypeError(`${where}: \`required\` must be a boolean.`);
  }
  if (options.onAudit !== undefined && typeof options.onAudit !== 'function') {
    throw new TypeError(`${where}: \`onAudit\` must be a function (event) => void.`);
  }
  const limitsIn: unknown = options.limits ?? {};
  assertPlainObject(`${where} limits`, limitsIn);
  rejectUnknownKeys(`${where} limits`, limitsIn, LIMIT_KEYS);
  const limits = {
    certBytes: positiveInteger(where, 'limits.certBytes', limitsIn.certBytes, DEFAULT_LIMITS.certBytes),
    chainBytes: positiveInteger(where, 'limits.chainBytes', limitsIn.chainBytes, DEFAULT_LIMITS.chainBytes),
    chainCount: positiveInteger(where, 'limits.chainCount', limitsIn.chainCount, DEFAULT_LIMITS.chainCount),
  };

  let cache: CompiledMiddlewareOptions['cache'] = false;
  if (options.cache !== false) {
    const cacheIn: unknown = options.cache ?? {};
    assertPlainObject(`${where} cache`, cacheIn);
    rejectUnknownKeys(`${where} cache`, cacheIn, CACHE_KEYS);
    const ttl: unknown = cacheIn.negativeTtlSec ?? DEFAULT_CACHE.negativeTtlSec;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0)
      throw new TypeError(`${where}: \`cache.negativeTtlSec\` must be a number of seconds ≥ 0.`);
    cache = {
      maxEntries: positiveInteger(where, 'cache.maxEntries', cacheIn.maxEntries, DEFAULT_CACHE.maxEntries),
      maxKeyBytes: positiveInteger(where, 'cache.maxKeyBytes', cacheIn.maxKeyBytes, DEFAULT_CACHE.maxKeyBytes),
      negativeTtlMs: ttl * 1000,
    };
  }

  return {
    verifier: compileVerifierFields(where, options),
    middleware: {
      trustedProxies: options.trustedProxies,
      required: options.required ?? false,
      onAudit: options.onAudit,
      limits,
      cache,
      directTls: options.directTls === true,
    },
  };
}
