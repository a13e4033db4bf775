// Builds the test PKI inside the tests (no committed keys): roots, intermediates and leaves
// with exactly the extensions, dates, keys and algorithms a test asks for. Names and serials
// derive from the run's seed (TEST_SEED, see seed.cjs), so a run is reproducible; RSA keys come
// in order from a committed pool of test-only keys (generating them is slow), other keys are
// generated afresh on every run.
import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bitString, bool, concat, ctx, ia5, integer, nul, octets, oid, printable, seq, set, time, tlv, utf8 } from './der';
import { testSeed } from './seed.cjs';

/** The seed this run's names and serials derive from (TEST_SEED, or a fixed default). */
export const TEST_SEED = testSeed();

const serialCounts = new Map<string, number>();

/**
 * A 64-bit serial derived from the seed, the issuer and subject names and how many certificates
 * with those names this process issued before: unique within a run, the same in every run.
 */
export function seededSerial(issuerName: Uint8Array, subjectName: Uint8Array): bigint {
  const key = `${Buffer.from(issuerName).toString('hex')}/${Buffer.from(subjectName).toString('hex')}`;
  const n = serialCounts.get(key) ?? 0;
  serialCounts.set(key, n + 1);
  return deriveSerial(TEST_SEED, key, n);
}

/** The serial of the `n`th certificate with names `key` under `seed` (pure: the same inputs, the same serial). */
export function deriveSerial(seed: string, key: string, n: number): bigint {
  const digest = createHash('sha256').update(`serial|${seed}|${key}|${n}`).digest('hex');
  // Clear the top bit so that the serial is positive and at most 8 content bytes after DER's padding.
  return BigInt(`0x${digest.slice(0, 16)}`) & 0x7fffffffffffffffn;
}

const nameCounts = new Map<string, number>();

/** `prefix` and a label derived from the seed, different on every call: for names that must not collide. */
export function seededName(prefix: string): string {
  const n = nameCounts.get(prefix) ?? 0;
  nameCounts.set(prefix, n + 1);
  return `${prefix} ${createHash('sha256').update(`name|${TEST_SEED}|${prefix}|${n}`).digest('hex').slice(0, 12)}`;
}

export type KeyKind = 'p256' | 'p384' | 'rsa2048' | 'rsa4096' | 'rsa1024' | 'ed25519' | 'secp256k1';

export interface TestKey {
  kind: KeyKind;
  privateKey: KeyObject;
  publicKey: KeyObject;
  spki: Uint8Array;
}

const keyCache = new Map<string, TestKey>();

/** Pre-generated RSA keys (test/fixtures/rsa-test-keys.json), handed out in order within a test file. */
const rsaPool = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'rsa-test-keys.json'), 'utf8')) as Record<
  'rsa1024' | 'rsa2048' | 'rsa4096',
  string[]
>;
const rsaTaken = { rsa1024: 0, rsa2048: 0, rsa4096: 0 };

/**
 * The next unused pooled RSA key of that size (distinct within a test file, the same on every run),
 * or a fresh one once the pool is spent: generating RSA keys costs 50 to 2,000 ms each, paid again
 * in every mutation-testing run of a file that needs one.
 */
function rsaKey(kind: 'rsa1024' | 'rsa2048' | 'rsa4096'): { privateKey: KeyObject; publicKey: KeyObject } {
  const pem = rsaPool[kind][rsaTaken[kind]++];
  if (pem === undefined) return generateKeyPairSync('rsa', { modulusLength: Number(kind.slice(3)) });
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** A fresh key, or a cached one by `slot` (RSA generation is slow). */
export function makeKey(kind: KeyKind = 'p256', slot?: string): TestKey {
  const cacheKey = slot ? `${kind}:${slot}` : undefined;
  const hit = cacheKey && keyCache.get(cacheKey);
  if (hit) return hit;
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  switch (kind) {
    case 'p256':
      pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      break;
    case 'p384':
      pair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      break;
    case 'secp256k1':
      pair = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
      break;
    case 'rsa2048':
      pair = rsaKey('rsa2048');
      break;
    case 'rsa4096':
      pair = rsaKey('rsa4096');
      break;
    case 'rsa1024':
      pair = rsaKey('rsa1024');
      break;
    case 'ed25519':
      pair = generateKeyPairSync('ed25519');
      break;
  }
  const key = { kind, ...pair, spki: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })) };
  if (cacheKey) keyCache.set(cacheKey, key);
  return key;
}

const ATTR: Record<string, string> = {
  CN: '2.5.4.3',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  DC: '0.9.2342.19200300.100.1.25',
  emailAddress: '1.2.840.113549.1.9.1',
  serialNumber: '2.5.4.5',
};

/** A Name from attributes in DER order (most general first). */
export function name(attrs: Record<string, string | string[]> | string): Uint8Array {
  const entries = typeof attrs === 'string' ? [['CN', attrs] as const] : Object.entries(attrs);
  const rdns: Uint8Array[] = [];
  for (const [type, value] of entries) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const t = ATTR[type] ?? type;
      const encoded = t === '2.5.4.6' || t === '2.5.4.5' ? printable(v) : t === ATTR.emailAddress || t === ATTR.DC ? ia5(v) : utf8(v);
      rdns.push(set(seq(oid(t), encoded)));
    }
  }
  return seq(...rdns);
}

export type SignatureHash = 'sha256' | 'sha384' | 'sha1' | 'md5' | 'pss-sha256';

const SIG_OIDS: Record<string, string> = {
  'rsa:sha256': '1.2.840.113549.1.1.11',
  'rsa:sha384': '1.2.840.113549.1.1.12',
  'rsa:sha1': '1.2.840.113549.1.1.5',
  'rsa:md5': '1.2.840.113549.1.1.4',
  'ec:sha256': '1.2.840.10045.4.3.2',
  'ec:sha384': '1.2.840.10045.4.3.3',
  'ec:sha1': '1.2.840.10045.4.1',
};

const SHA256 = seq(oid('2.16.840.1.101.3.4.2.1'), nul());
/** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 4055). */
const PSS_SHA256 = seq(
  oid('1.2.840.113549.1.1.10'),
  seq(ctx(0, SHA256), ctx(1, seq(oid('1.2.840.113549.1.1.8'), SHA256)), ctx(2, integer(32))),
);

export function signatureAlgorithm(key: TestKey, hash: SignatureHash): Uint8Array {
  if (key.kind === 'ed25519') return seq(oid('1.3.101.112'));
  if (hash === 'pss-sha256') return PSS_SHA256;
  const family = key.kind.startsWith('rsa') ? 'rsa' : 'ec';
  const o = SIG_OIDS[`${family}:${hash}`];
  return family === 'rsa' ? seq(oid(o), nul()) : seq(oid(o));
}

export interface Extension {
  oid: string;
  critical?: boolean;
  value: Uint8Array;
}

export const KU = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

export function keyUsageValue(bits: (keyof typeof KU)[]): Uint8Array {
  let v = 0;
  for (const b of bits) v |= 0x80 >> KU[b];
  if (v === 0) return bitString(new Uint8Array(0));
  let unused = 0;
  while (!(v & (1 << unused))) unused++;
  return bitString(new Uint8Array([v]), unused);
}

export interface CertSpec {
  /** Attributes, a CN, or a pre-encoded Name (for names the attribute form cannot express). */
  subject: Record<string, string | string[]> | string | Uint8Array;
  /** The issuing certificate; omitted = self-signed. */
  issuer?: TestCert;
  key?: TestKey;
  serial?: number | bigint | Uint8Array;
  notBefore?: Date;
  notAfter?: Date;
  /** true: basicConstraints cA; false: basicConstraints without cA; undefined: none. */
  ca?: boolean;
  pathLen?: number;
  keyUsage?: (keyof typeof KU)[] | null;
  eku?: string[] | null;
  san?: { dns?: string[]; email?: string[]; uri?: string[]; ip?: Uint8Array[] };
  extensions?: Extension[];
  hash?: SignatureHash;
  /** Leave out SKI/AKI. */
  noKeyIds?: boolean;
  /** Inner signature algorithm different from the outer one. */
  tbsSignatureAlgorithm?: Uint8Array;
  version?: 1 | 3;
}

export interface TestCert {
  der: Uint8Array;
  pem: string;
  key: TestKey;
  subjectName: Uint8Array;
  spec: CertSpec;
  fingerprint256: string;
}

/**
 * An issuer that exists only by name: `makeCert` signs under it with `key` (a placeholder), for
 * tests that replace the signature afterwards.
 */
export function standInIssuer(subjectName: Uint8Array, subject: string, key: TestKey): TestCert {
  return { der: new Uint8Array(0), pem: '', key, subjectName, spec: { subject }, fingerprint256: '' };
}

export const DAY = 86_400_000;
/** The tests' pinned clock. */
export const NOW = new Date('2026-06-01T12:00:00Z');

export const EKU = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  any: '2.5.29.37.0',
} as const;

function keyId(spki: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(spki).digest());
}

function extension(e: Extension): Uint8Array {
  return seq(oid(e.oid), ...(e.critical ? [bool(true)] : []), octets(e.value));
}

export function sanValue(san: NonNullable<CertSpec['san']>): Uint8Array {
  return seq(
    ...(san.email ?? []).map((v) => ia5(v, 0x81)),
    ...(san.dns ?? []).map((v) => ia5(v, 0x82)),
    ...(san.uri ?? []).map((v) => ia5(v, 0x86)),
    ...(san.ip ?? []).map((v) => tlv(0x87, v)),
  );
}

/** Issues a certificate from a spec; the defaults make a valid client certificate or CA. */
export function makeCert(spec: CertSpec): TestCert {
  const key = spec.key ?? makeKey('p256');
  const issuerKey = spec.issuer?.key ?? key;
  const subjectName = spec.subject instanceof Uint8Array ? spec.subject : name(spec.subject);
  const issuerName = spec.issuer?.subjectName ?? subjectName;
  const hash = spec.hash ?? 'sha256';
  const sigAlg = signatureAlgorithm(issuerKey, hash);
  const isCa = spec.ca === true;

  const exts: Extension[] = [];
  if (spec.ca !== undefined) {
    const parts: Uint8Array[] = [];
    if (spec.ca) parts.push(bool(true));
    if (spec.pathLen !== undefined) parts.push(integer(spec.pathLen));
    exts.push({ oid: '2.5.29.19', critical: true, value: seq(...parts) });
  }
  const ku = spec.keyUsage === undefined ? (isCa ? ['keyCertSign', 'cRLSign'] : ['digitalSignature']) : spec.keyUsage;
  if (ku) exts.push({ oid: '2.5.29.15', critical: true, value: keyUsageValue(ku as (keyof typeof KU)[]) });
  const eku = spec.eku === undefined ? (isCa ? null : [EKU.clientAuth]) : spec.eku;
  if (eku) exts.push({ oid: '2.5.29.37', value: seq(...eku.map(oid)) });
  if (spec.san) exts.push({ oid: '2.5.29.17', value: sanValue(spec.san) });
  if (!spec.noKeyIds) {
    exts.push({ oid: '2.5.29.14', value: octets(keyId(key.spki)) });
    exts.push({ oid: '2.5.29.35', value: seq(tlv(0x80, keyId(issuerKey.spki))) });
  }
  exts.push(...(spec.extensions ?? []));

  const notBefore = spec.notBefore ?? new Date(NOW.getTime() - 30 * DAY);
  const notAfter = spec.notAfter ?? new Date(NOW.getTime() + 365 * DAY);
  const v1 = spec.version === 1;
  const tbs = seq(
    ...(v1 ? [] : [ctx(0, integer(2))]),
    integer(spec.serial ?? seededSerial(issuerName, subjectName)),
    spec.tbsSignatureAlgorithm ?? sigAlg,
    issuerName,
    seq(time(notBefore), time(notAfter)),
    subjectName,
    key.spki,
    ...(v1 || exts.length === 0 ? [] : [ctx(3, seq(...exts.map(extension)))]),
  );
  const signature =
    hash === 'pss-sha256'
      ? sign('sha256', tbs, { key: issuerKey.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign(issuerKey.kind === 'ed25519' ? null : hash, tbs, issuerKey.privateKey);
  const der = seq(tbs, sigAlg, bitString(new Uint8Array(signature)));
  return {
    der,
    pem: toPem(der),
    key,
    subjectName,
    spec,
    fingerprint256: createHash('sha256').update(der).digest('hex'),
  };
}

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A root CA, an intermediate under it, and a leaf under that: the usual internal PKI. */
export function makePki(prefix = 'Test'): { root: TestCert; intermediate: TestCert; leaf: TestCert } {
  const root = makeCert({ subject: { O: prefix, CN: `${prefix} Root CA` }, ca: true });
  const intermediate = makeCert({ subject: { O: prefix, CN: `${prefix} Issuing CA` }, issuer: root, ca: true, pathLen: 0 });
  const leaf = makeCert({ subject: { O: prefix, CN: 'alice' }, issuer: intermediate, san: { email: ['alice@example.com'] } });
  return { root, intermediate, leaf };
}

export { concat };

export interface CrlSpec {
  issuer: TestCert;
  revoked?: { serial: number | bigint; reason?: number }[];
  thisUpdate?: Date;
  nextUpdate?: Date | null;
  crlNumber?: number | null;
  extensions?: Extension[];
}

/** A CRL signed by `issuer`'s key (v2, with a CRL number and AKI unless told otherwise). */
export function makeCrl(spec: CrlSpec): { der: Uint8Array; pem: string } {
  const key = spec.issuer.key;
  const sigAlg = signatureAlgorithm(key, 'sha256');
  const thisUpdate = spec.thisUpdate ?? new Date(NOW.getTime() - DAY);
  const nextUpdate = spec.nextUpdate === undefined ? new Date(NOW.getTime() + 7 * DAY) : spec.nextUpdate;
  const entries = (spec.revoked ?? []).map((r) =>
    seq(
      integer(r.serial),
      time(thisUpdate),
      ...(r.reason !== undefined ? [seq(extension({ oid: '2.5.29.21', value: tlv(0x0a, new Uint8Array([r.reason])) }))] : []),
    ),
  );
  const exts: Extension[] = [{ oid: '2.5.29.35', value: seq(tlv(0x80, keyId(key.spki))) }];
  if (spec.crlNumber !== null) exts.push({ oid: '2.5.29.20', value: integer(spec.crlNumber ?? 1) });
  exts.push(...(spec.extensions ?? []));
  const tbs = seq(
    integer(1),
    sigAlg,
    spec.issuer.subjectName,
    time(thisUpdate),
    ...(nextUpdate ? [time(nextUpdate)] : []),
    ...(entries.length ? [seq(...entries)] : []),
    ctx(0, seq(...exts.map(extension))),
  );
  const signature = sign(key.kind === 'ed25519' ? null : 'sha256', tbs, key.privateKey);
  const der = seq(tbs, sigAlg, bitString(new Uint8Array(signature)));
  return { der, pem: toPem(der, 'X509 CRL') };
}
