/**
 * `express-client-cert/testing`: a throwaway PKI for the tests of an app that uses this package.
 * A root, an intermediate and client certificates minted in process with `@peculiar/x509` (an
 * optional peer dependency, needed only here), each with `headers()` ready for supertest.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { encodeClientCert, encodeClientCertChain } from '../encode.js';
import { parseCertificateDer } from '../x509/certificate.js';
import type { TestCertificate, TestCrlOptions, TestIssueOptions, TestPki, TestPkiOptions, TestSanOptions } from './types.js';

export type {
  TestCertificate,
  TestClientCertHeaders,
  TestCrlOptions,
  TestIssueOptions,
  TestPki,
  TestPkiOptions,
  TestSanOptions,
} from './types.js';

// Node's WebCrypto, what the library finds on its own as globalThis.crypto; set explicitly for
// sandboxes (test runners' environments) where that global is missing.
x509.cryptoProvider.set(webcrypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EKU_NAMES: Readonly<Record<string, string>> = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

interface Ca {
  readonly cert: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

function serialHex(n: number): string {
  const hex = n.toString(16);
  return hex.length % 2 ? `0${hex}` : hex;
}

/** DER INTEGER of a small non-negative number (a CRL number). */
function derInteger(n: number): Uint8Array {
  const bytes = Buffer.from(serialHex(n), 'hex');
  const body = bytes[0] & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
  return Uint8Array.from([0x02, body.length, ...body]);
}

function ekuOids(eku: readonly string[]): string[] {
  return eku.map((name) => {
    if (Object.hasOwn(EKU_NAMES, name)) return EKU_NAMES[name];
    if (/^\d+(?:\.\d+)+$/.test(name)) return name;
    throw new TypeError(`createTestPki: unknown eku \`${name}\`. Use ${Object.keys(EKU_NAMES).join(', ')} or a dotted OID.`);
  });
}

function sanExtension(san: TestSanOptions): x509.SubjectAlternativeNameExtension | undefined {
  const names: x509.JsonGeneralName[] = [
    ...(san.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(san.email ?? []).map((value) => ({ type: 'email' as const, value })),
    ...(san.uri ?? []).map((value) => ({ type: 'url' as const, value })),
    ...(san.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  return names.length ? new x509.SubjectAlternativeNameExtension(names) : undefined;
}

async function caExtensions(
  keys: webcrypto.CryptoKeyPair,
  issuer: webcrypto.CryptoKeyPair | undefined,
  pathLen: number,
): Promise<x509.Extension[]> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, pathLen, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey));
  return extensions;
}

/**
 * Creates a throwaway PKI (ECDSA P-256): a root and an intermediate valid from a day before
 * `now` for ten years. Names and serial numbers are the same on every run; keys are fresh.
 * Call it again (with another `name`) for a "foreign" CA the app does not trust.
 */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const org = options.name ?? 'Test';
  if (typeof org !== 'string' || org === '') throw new TypeError('createTestPki: `name` must be a non-empty string.');
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('createTestPki: `now` must be a valid Date.');
  const at = (ms: number): Date => new Date(now.getTime() + ms);
  let nextSerial = 0x10;
  let crlNumber = 1;
  const revoked: { serialNumber: string; date: Date }[] = [];
  const issuedHere = new WeakSet<TestCertificate>();

  const makeCa = async (cn: string, serial: string, issuer: Ca | undefined, pathLen: number): Promise<Ca> => {
    const keys = await keyPair();
    const name: x509.JsonName = [{ O: [org] }, { CN: [`${org} ${cn}`] }];
    const common = {
      serialNumber: serial,
      notBefore: at(-DAY),
      notAfter: at(3650 * DAY),
      signingAlgorithm: ALG,
      extensions: await caExtensions(keys, issuer?.keys, pathLen),
    };
    const cert = issuer
      ? await x509.X509CertificateGenerator.create({
          ...common,
          subject: name,
          issuer: issuer.cert.subjectName,
          publicKey: keys.publicKey,
          signingKey: issuer.keys.privateKey,
        })
      : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name, keys });
    return { cert, keys };
  };

  const root = await makeCa('Test Root CA', '01', undefined, 1);
  const intermediate = await makeCa('Test Intermediate CA', '02', root, 0);
  const intermediatePem = pem('CERTIFICATE', intermediate.cert.rawData);

  const crl = async (ca: Ca, entries: readonly { serialNumber: string; date: Date }[], o: TestCrlOptions): Promise<string> => {
    const generated = await x509.X509CrlGenerator.create({
      issuer: ca.cert.subjectName,
      thisUpdate: o.thisUpdate ?? at(-HOUR),
      nextUpdate: o.nextUpdate ?? at(7 * DAY),
      signingAlgorithm: ALG,
      signingKey: ca.keys.privateKey,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
        // RFC 5280 §5.2.3: conforming CRLs carry a CRL number, and the verifier insists on it.
        new x509.Extension('2.5.29.20', false, derInteger(crlNumber++)),
      ],
      // With a reason code: an entry without one gets an empty extension list, which RFC 5280 forbids.
      entries: entries.map((e) => ({ serialNumber: e.serialNumber, revocationDate: e.date, reason: x509.X509CrlReason.keyCompromise })),
    });
    return pem('X509 CRL', generated.rawData);
  };

  return {
    rootPem: pem('CERTIFICATE', root.cert.rawData),
    intermediatePem,

    async issue(issue: TestIssueOptions): Promise<TestCertificate> {
      if (issue === null || typeof issue !== 'object' || typeof issue.cn !== 'string' || issue.cn === '') {
        throw new TypeError("pki.issue: pass { cn: 'alice' } at least.");
      }
      const keys = await keyPair();
      const ou = issue.ou === undefined ? [] : typeof issue.ou === 'string' ? [issue.ou] : [...issue.ou];
      const subject: x509.JsonName = [{ O: [org] }, ...ou.map((u) => ({ OU: [u] })), { CN: [issue.cn] }];
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.AuthorityKeyIdentifierExtension.create(intermediate.keys.publicKey),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ];
      const eku = issue.eku === undefined ? ['clientAuth'] : issue.eku;
      if (eku !== null) extensions.push(new x509.ExtendedKeyUsageExtension(ekuOids(eku)));
      const san = issue.san && sanExtension(issue.san);
      if (san) extensions.push(san);
      let notBefore = issue.notBefore ?? at(-HOUR);
      let notAfter = issue.notAfter ?? at(30 * DAY);
      if (issue.expired) [notBefore, notAfter] = [at(-30 * DAY), at(-DAY)];
      if (issue.notYetValid) [notBefore, notAfter] = [at(DAY), at(30 * DAY)];
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serialHex(nextSerial++),
        subject,
        issuer: intermediate.cert.subjectName,
        notBefore,
        notAfter,
        publicKey: keys.publicKey,
        signingKey: intermediate.keys.privateKey,
        signingAlgorithm: ALG,
        extensions,
      });
      const der = new Uint8Array(cert.rawData);
      const parsed = parseCertificateDer(der);
      const certPem = pem('CERTIFICATE', cert.rawData);
      const headers = Object.freeze({
        'client-cert': encodeClientCert(certPem),
        'client-cert-chain': encodeClientCertChain(intermediatePem),
      });
      const issued: TestCertificate = {
        subject: parsed.subjectString,
        serialNumber: parsed.serialNumber,
        fingerprint256: parsed.fingerprint256,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        pem: certPem,
        der,
        keyPem: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
        chainPem: intermediatePem,
        headers: () => ({ ...headers }),
      };
      issuedHere.add(issued);
      return issued;
    },

    revoke(certificate: TestCertificate, date: Date = at(-HOUR)): void {
      if (!issuedHere.has(certificate)) throw new TypeError('pki.revoke: the certificate was not issued by this PKI.');
      revoked.push({ serialNumber: certificate.serialNumber, date });
    },

    async crlPem(o: TestCrlOptions = {}): Promise<string> {
      return (await crl(root, [], o)) + (await crl(intermediate, revoked, o));
    },
  };
}
