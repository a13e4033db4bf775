/**
 * `requireClientCert(policy)`: route guard over the identity `clientCert` put on the request.
 * 401 without an identity, 403 when the identity does not match the policy.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientCertError } from './errors.js';
import type { NextFunction } from './middleware.js';
import type { AttributeMatcher, ClientCertIdentity, ClientCertRequestFields, ClientCertSan, RequireClientCertPolicy } from './types.js';

const POLICY_KEYS = ['subject', 'issuer', 'san', 'fingerprint256', 'check'] as const;
const SAN_KEYS = ['dns', 'email', 'uri', 'ip'] as const;

type Matcher = (identity: ClientCertIdentity, req: IncomingMessage) => boolean;

function list(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function checkStrings(where: string, value: unknown): void {
  const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (!ok) throw new TypeError(`${where} must be a string or an array of strings.`);
}

function attributeMatcher(
  where: string,
  spec: AttributeMatcher,
  pick: (id: ClientCertIdentity) => Readonly<Record<string, readonly string[]>>,
): Matcher {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`${where} must be an object such as { CN: 'alice' }.`);
  const entries = Object.entries(spec).map(([attr, want]) => {
    checkStrings(`${where}.${attr}`, want);
    return [attr, new Set(list(want))] as const;
  });
  return (identity) => {
    const have = pick(identity);
    return entries.every(([attr, want]) => (Object.hasOwn(have, attr) ? have[attr] : []).some((v) => want.has(v)));
  };
}

function normaliseFingerprint(f: string): string {
  return f.replace(/:/g, '').toLowerCase();
}

function compilePolicy(policy: RequireClientCertPolicy): Matcher[] {
  const where = 'requireClientCert()';
  if (policy === null || typeof policy !== 'object') throw new TypeError(`${where}: the policy must be an object.`);
  for (const key of Object.keys(policy)) {
    if (!(POLICY_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`${where}: unknown policy key \`${key}\`. Known keys: ${POLICY_KEYS.join(', ')}.`);
    }
  }
  const matchers: Matcher[] = [];
  if (policy.subject !== undefined) matchers.push(attributeMatcher(`${where} subject`, policy.subject, (id) => id.subjectAttributes));
  if (policy.issuer !== undefined) matchers.push(attributeMatcher(`${where} issuer`, policy.issuer, (id) => id.issuerAttributes));
  if (policy.san !== undefined) {
    const san = policy.san;
    if (san === null || typeof san !== 'object')
      throw new TypeError(`${where}: \`san\` must be an object such as { dns: 'svc.internal' }.`);
    const entries = Object.entries(san).map(([kind, want]) => {
      if (!(SAN_KEYS as readonly string[]).includes(kind)) {
        throw new TypeError(`${where}: unknown san kind \`${kind}\`. Known kinds: ${SAN_KEYS.join(', ')}.`);
      }
      checkStrings(`${where} san.${kind}`, want);
      return [kind as keyof ClientCertSan, new Set(list(want as string | readonly string[]))] as const;
    });
    matchers.push((id) => entries.every(([kind, want]) => id.san[kind].some((v) => want.has(v))));
  }
  if (policy.fingerprint256 !== undefined) {
    checkStrings(`${where} fingerprint256`, policy.fingerprint256);
    const want = new Set(list(policy.fingerprint256).map(normaliseFingerprint));
    matchers.push((id) => want.has(id.fingerprint256));
  }
  if (policy.check !== undefined) {
    if (typeof policy.check !== 'function') throw new TypeError(`${where}: \`check\` must be a function (identity, req) => boolean.`);
    const check = policy.check;
    matchers.push((id, req) => check(id, req) === true);
  }
  return matchers;
}

function markUncacheable(res: ServerResponse): void {
  // RFC 9440 §3: a response that depends on the client certificate must not be reused by shared caches.
  const vary = res.getHeader('Vary');
  const current = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (!/(?:^|,)\s*(?:client-cert|\*)\s*(?:,|$)/i.test(current)) res.setHeader('Vary', current ? `${current}, Client-Cert` : 'Client-Cert');
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
}

/** Guards a route: 401 without a verified client certificate, 403 when it does not match `policy`. */
export function requireClientCert(policy: RequireClientCertPolicy = {}) {
  const matchers = compilePolicy(policy);
  return function requireClientCertMiddleware(
    req: IncomingMessage & ClientCertRequestFields,
    res: ServerResponse,
    next: NextFunction,
  ): void {
    markUncacheable(res);
    const identity = req.clientCert;
    if (!identity) {
      next(req.clientCertError ?? new ClientCertError('ERR_CLIENT_CERT_MISSING', 'A client certificate is required'));
      return;
    }
    let allowed: boolean;
    try {
      allowed = matchers.every((m) => m(identity, req));
    } catch (err) {
      next(err);
      return;
    }
    if (!allowed) {
      next(new ClientCertError('ERR_CLIENT_CERT_FORBIDDEN', `Certificate ${identity.subject} does not satisfy this route's policy`));
      return;
    }
    next();
  };
}
