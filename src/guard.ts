/**
 * `requireClientCert(policy)`: route guard over the identity `clientCert` put on the request.
 * 401 without an identity, 403 (audited as `forbidden`) when the identity does not match the policy.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientCertError } from './errors.js';
import { normaliseFingerprint256 } from './fingerprint.js';
import { attributeCountsOf } from './identity.js';
import type { NextFunction } from './middleware.js';
import { SUPPORTED_ATTRIBUTE_NAMES, resolveAttributeName } from './x509/names.js';
import { auditForbidden, clientCertRan, looksLikeRequest, markUncacheable, readableState } from './request-state.js';
import type { AttributeMatcher, ClientCertIdentity, ClientCertRequestFields, ClientCertSan, RequireClientCertPolicy } from './types.js';

const POLICY_KEYS = ['subject', 'issuer', 'san', 'fingerprint256', 'check', 'allowRepeatedAttributes'] as const;
const SAN_KEYS = ['dns', 'email', 'uri', 'ip'] as const;
const WHERE = 'requireClientCert()';

/** Why a matcher refused: a reason and a message, or undefined when it matched. */
type Refusal = { reason: string; message: string } | undefined;
type Matcher = (identity: ClientCertIdentity, req: IncomingMessage) => Refusal;

function list(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function checkStrings(where: string, value: unknown): void {
  const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (!ok) throw new TypeError(`${where} must be a string or an array of strings.`);
}

/** Attribute names in a guard resolved to `subjectAttributes` keys; unknown names refused here, not by a 403 later. */
function resolveNames(where: string, names: readonly string[]): string[] {
  return names.map((name) => {
    const key = resolveAttributeName(name);
    if (key === undefined) {
      throw new TypeError(
        `${where}: unknown attribute name \`${name}\`. Supported (short name, then aliases; any case): ` +
          `${SUPPORTED_ATTRIBUTE_NAMES.join(', ')}; or a dotted OID such as '2.5.4.11'.`,
      );
    }
    return key;
  });
}

function attributeMatcher(which: 'subject' | 'issuer', spec: AttributeMatcher, allowRepeated: ReadonlySet<string>): Matcher {
  const where = `${WHERE} ${which}`;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    throw new TypeError(`${where} must be an object such as { CN: 'alice' }.`);
  const names = Object.keys(spec);
  const keys = resolveNames(where, names);
  const seen = new Map<string, string>();
  const entries = names.map((name, i) => {
    const key = keys[i];
    const earlier = seen.get(key);
    if (earlier !== undefined)
      throw new TypeError(`${where}: \`${earlier}\` and \`${name}\` name the same attribute (${key}); give it once.`);
    seen.set(key, name);
    checkStrings(`${where}.${name}`, spec[name]);
    return [key, new Set(list(spec[name]))] as const;
  });
  const pick = (id: ClientCertIdentity) => (which === 'subject' ? id.subjectAttributes : id.issuerAttributes);
  return (identity) => {
    const have = pick(identity);
    const counts = attributeCountsOf(identity)?.[which];
    for (const [key, want] of entries) {
      const values = Object.hasOwn(have, key) ? have[key] : [];
      // Tools disagree on which of several CNs counts, so a CA can be led to issue
      // `CN=mallory,CN=admin`: a repeated attribute matches only where the route allows it.
      const occurrences = Math.max(values.length, counts && Object.hasOwn(counts, key) ? counts[key] : 0);
      if (occurrences > 1 && !allowRepeated.has(key)) {
        return {
          reason: 'attribute-repeated',
          message: `The certificate's ${which} has ${key} ${occurrences} times; this route matches ${key} only when it occurs once (see allowRepeatedAttributes)`,
        };
      }
      if (!values.some((v) => want.has(v))) {
        return { reason: `${which}-mismatch`, message: `The certificate's ${which} ${key} does not match this route's policy` };
      }
    }
    return undefined;
  };
}

function compileRepeated(value: unknown): Set<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new TypeError(`${WHERE}: \`allowRepeatedAttributes\` must be an array of attribute names, e.g. ['OU', 'DC'].`);
  return new Set(resolveNames(`${WHERE} allowRepeatedAttributes`, value as string[]));
}

function compilePolicy(policy: RequireClientCertPolicy): Matcher[] {
  if (policy === null || typeof policy !== 'object') throw new TypeError(`${WHERE}: the policy must be an object.`);
  for (const key of Object.keys(policy)) {
    if (!(POLICY_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`${WHERE}: unknown policy key \`${key}\`. Known keys: ${POLICY_KEYS.join(', ')}.`);
    }
  }
  const allowRepeated = compileRepeated(policy.allowRepeatedAttributes);
  const matchers: Matcher[] = [];
  if (policy.subject !== undefined) matchers.push(attributeMatcher('subject', policy.subject, allowRepeated));
  if (policy.issuer !== undefined) matchers.push(attributeMatcher('issuer', policy.issuer, allowRepeated));
  if (policy.san !== undefined) {
    const san = policy.san;
    if (san === null || typeof san !== 'object')
      throw new TypeError(`${WHERE}: \`san\` must be an object such as { dns: 'svc.internal' }.`);
    const entries = Object.entries(san).map(([kind, want]) => {
      if (!(SAN_KEYS as readonly string[]).includes(kind)) {
        throw new TypeError(`${WHERE}: unknown san kind \`${kind}\`. Known kinds: ${SAN_KEYS.join(', ')}.`);
      }
      checkStrings(`${WHERE} san.${kind}`, want);
      return [kind as keyof ClientCertSan, new Set(list(want as string | readonly string[]))] as const;
    });
    matchers.push((id) =>
      entries.every(([kind, want]) => id.san[kind].some((v) => want.has(v)))
        ? undefined
        : { reason: 'san-mismatch', message: "The certificate's subject alternative names do not match this route's policy" },
    );
  }
  if (policy.fingerprint256 !== undefined) {
    checkStrings(`${WHERE} fingerprint256`, policy.fingerprint256);
    const pins = policy.fingerprint256;
    const at = (i: number): string => `${WHERE}: \`fingerprint256${typeof pins === 'string' ? '' : `[${i}]`}\``;
    const want = new Set(list(pins).map((f, i) => normaliseFingerprint256(f, at(i))));
    matchers.push((id) =>
      want.has(id.fingerprint256)
        ? undefined
        : { reason: 'fingerprint-mismatch', message: "The certificate's fingerprint is not one this route allows" },
    );
  }
  if (policy.check !== undefined) {
    if (typeof policy.check !== 'function') throw new TypeError(`${WHERE}: \`check\` must be a function (identity, req) => boolean.`);
    const check = policy.check;
    matchers.push((id, req) =>
      check(id, req) === true ? undefined : { reason: 'check-refused', message: "This route's check function refused the certificate" },
    );
  }
  return matchers;
}

/** Guards a route: 401 without a verified client certificate, 403 when it does not match `policy`. */
export function requireClientCert(
  policy?: RequireClientCertPolicy,
): (req: IncomingMessage & ClientCertRequestFields, res: ServerResponse, next: NextFunction) => void;
export function requireClientCert(policy: RequireClientCertPolicy = {}, ...misuse: unknown[]) {
  if (looksLikeRequest(policy)) {
    const mistake = new TypeError(
      "requireClientCert was mounted without being called: write requireClientCert() or requireClientCert({ subject: { CN: 'alice' } }).",
    );
    const next = misuse[1];
    if (typeof next !== 'function') throw mistake;
    (next as NextFunction)(mistake);
    return () => undefined;
  }
  const matchers = compilePolicy(policy);
  return function requireClientCertMiddleware(
    req: IncomingMessage & ClientCertRequestFields,
    res: ServerResponse,
    next: NextFunction,
  ): void {
    markUncacheable(res);
    const identity = req.clientCert;
    const state = readableState(req);
    if (!identity) {
      if (!clientCertRan(state) && !req.clientCertError) {
        // No clientCert ran on this request: a 401 "certificate required" would blame the client.
        next(
          new TypeError(
            'requireClientCert(): no clientCert() middleware ran before this guard, so no certificate was read. ' +
              'Mount app.use(clientCert({ trustedProxies, trustAnchors })) before the guarded routes.',
          ),
        );
        return;
      }
      next(
        req.clientCertError ??
          new ClientCertError('ERR_CLIENT_CERT_MISSING', 'A client certificate is required', { reason: 'certificate-absent' }),
      );
      return;
    }
    let refusal: Refusal;
    try {
      for (const m of matchers) if ((refusal = m(identity, req))) break;
    } catch (err) {
      next(err);
      return;
    }
    if (refusal) {
      const error = new ClientCertError(
        'ERR_CLIENT_CERT_FORBIDDEN',
        `Certificate ${identity.subject} is refused here: ${refusal.message}`,
        {
          reason: refusal.reason,
        },
      );
      auditForbidden(state, error);
      next(error);
      return;
    }
    next();
  };
}
