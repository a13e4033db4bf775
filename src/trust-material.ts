/**
 * Loading the trust store from options: anchors and intermediates (PEM or DER certificates), CRLs
 * (PEM or DER, or `{ url }` / `{ file }` sources kept current). Each value is
 * parsed once here; a mistake throws a TypeError naming the option and saying how to fix it.
 */
import { type ParsedCertificate, derFromInput, parseCertificateDer } from './x509/certificate.js';
import { type ParsedCrl, crlDerFromInput, parseCrlDer } from './x509/crl.js';
import { PemError } from './x509/pem.js';
import { keyProblem } from './verify/keys.js';
import type { CrlSourceSpec } from './verify/live/crl-source.js';
import type { CertificateSource, VerifierOptions } from './types.js';
import { assertPlainObject, httpUrl, rejectUnknownKeys } from './option-checks.js';

function isCertificateInput(value: unknown): value is string | Uint8Array {
  return typeof value === 'string' || value instanceof Uint8Array;
}

/** How one kind of trust material is read from PEM or DER, and what its mistakes say. */
interface MaterialKind<T> {
  readonly ders: (input: string | Uint8Array) => Uint8Array[];
  readonly parse: (der: Uint8Array) => T;
  /** The message when the input holds no PEM block of this kind. */
  readonly empty: (at: string) => string;
  /** The message when the `n`th DER value does not parse. */
  readonly unparsable: (at: string, n: number, err: Error) => string;
}

const CERTIFICATES: MaterialKind<ParsedCertificate> = {
  ders: derFromInput,
  parse: parseCertificateDer,
  empty: (at) => `\`${at}\` holds no "-----BEGIN CERTIFICATE-----" block. Pass the CA certificate in PEM, or its DER bytes.`,
  unparsable: (at, n, err) =>
    `certificate ${n + 1} of \`${at}\` does not parse as X.509 (${err.message}). Check that it is a complete PEM or DER certificate.`,
};

const CRLS: MaterialKind<ParsedCrl> = {
  ders: crlDerFromInput,
  parse: parseCrlDer,
  empty: (at) => `\`${at}\` holds no "-----BEGIN X509 CRL-----" block. Pass the CRL in PEM, or its DER bytes.`,
  unparsable: (at, _n, err) => `\`${at}\` does not parse as an X.509 CRL (${err.message}).`,
};

/** Calls `visit` with each value of an option that takes one value or an array, and its name for messages. */
function eachValue(option: string, source: unknown, visit: (input: unknown, at: string) => void): void {
  if (Array.isArray(source)) source.forEach((input: unknown, index) => visit(input, `${option}[${index}]`));
  else visit(source, option);
}

/** Every object of `kind` one PEM or DER value holds, parsed; a TypeError when it holds none or one does not parse. */
function readMaterial<T>(where: string, at: string, input: string | Uint8Array, kind: MaterialKind<T>): T[] {
  let ders: Uint8Array[];
  try {
    ders = kind.ders(input);
  } catch (err) {
    // A broken PEM block in configuration is a TypeError naming the option and the rule.
    if (err instanceof PemError) throw new TypeError(`${where}: \`${at}\` holds a broken PEM block: ${err.message} (${err.reason}).`);
    throw err;
  }
  if (ders.length === 0) throw new TypeError(`${where}: ${kind.empty(at)}`);
  return ders.map((der, n) => {
    try {
      return kind.parse(der);
    } catch (err) {
      throw new TypeError(`${where}: ${kind.unparsable(at, n, err as Error)}`);
    }
  });
}

/** Parses configured certificates; a value that is not PEM/DER X.509 throws a TypeError naming the option. */
export function compileCertificates(where: string, option: string, source: CertificateSource | undefined): ParsedCertificate[] {
  if (source === undefined) return [];
  const out: ParsedCertificate[] = [];
  eachValue(option, source, (input, at) => {
    if (!isCertificateInput(input)) {
      throw new TypeError(`${where}: \`${at}\` must be a PEM string or DER bytes (Uint8Array/Buffer).`);
    }
    out.push(...readMaterial(where, at, input, CERTIFICATES));
  });
  return out;
}

/** Parses configured CRLs and collects the `{ url }` / `{ file }` sources to keep current. */
export function compileCrls(where: string, source: VerifierOptions['crls']): { crls: ParsedCrl[]; sources: CrlSourceSpec[] } {
  if (source === undefined) return { crls: [], sources: [] };
  const crls: ParsedCrl[] = [];
  const sources: CrlSourceSpec[] = [];
  eachValue('crls', source, (input, at) => {
    if (input !== null && typeof input === 'object' && !(input instanceof Uint8Array)) {
      assertPlainObject(`${where} ${at}`, input);
      if ('url' in input) {
        rejectUnknownKeys(`${where} ${at}`, input, ['url']);
        sources.push({ kind: 'url', url: httpUrl(where, `${at}.url`, input.url) });
        return;
      }
      if ('file' in input) {
        rejectUnknownKeys(`${where} ${at}`, input, ['file']);
        if (typeof input.file !== 'string' || input.file === '') throw new TypeError(`${where}: \`${at}.file\` must be a file path.`);
        sources.push({ kind: 'file', file: input.file });
        return;
      }
    }
    if (!isCertificateInput(input)) {
      throw new TypeError(`${where}: \`${at}\` must be a PEM string, DER bytes, { url: 'http://…' } or { file: '/path' }.`);
    }
    crls.push(...readMaterial(where, at, input, CRLS));
  });
  return { crls, sources };
}

/** Throws unless `anchor` can anchor a path: a CA (or a v1 root) with a key requests could be verified with. */
export function checkAnchorIsCa(where: string, anchor: ParsedCertificate): void {
  // A v1 root has no extensions and is accepted as a CA by every validator; a v3 one must say so.
  if (anchor.version === 3 && !anchor.basicConstraints?.ca) {
    throw new TypeError(
      `${where}: trust anchor ${anchor.subjectString} is not a CA certificate (basicConstraints cA is not set). ` +
        'Pass the CA that issued your client certificates, or pin leaf certificates with `allowedFingerprints`.',
    );
  }
  // A key no request could ever be verified with (too large, malformed, unsupported) is a configuration mistake.
  const badKey = keyProblem(anchor, true);
  if (badKey) throw new TypeError(`${where}: trust anchor ${anchor.subjectString} cannot be used: ${badKey.message} (${badKey.reason}).`);
}
