// Worst-case synchronous CPU of one request under the default limits: `npm run build && node bench/worst-case-cpu.mjs`.
//
// Builds the most expensive chains a client can forward within Node's default 16 KiB of headers and
// the default `limits` (10 chain certificates): a leaf issued under a name that every forwarded
// certificate also carries, so path building tries each one, with the costliest keys the key checks
// let through (RSA-8192 with e = 2^32 − 1, P-384, P-521 with compressed points) and signatures
// sized so that each verification runs in full. Also the keys the checks refuse before use (huge
// exponents, 16384-bit moduli), for comparison. Each request runs on a fresh verifier (nothing
// cached, one warm-up run discarded); prints the median and maximum CPU milliseconds per request
// (process.cpuUsage around the synchronous call) and the refusal reason.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createVerifier, encodeClientCert, encodeClientCertChain } from '../dist/esm/index.js';

const RUNS = Number(process.env.RUNS ?? 15);
const NOW = new Date('2026-06-01T12:00:00Z');
const HEADER_BUDGET = 16 * 1024 - 512; // Node's default max header size, less a request line and a few headers

// A minimal DER writer.
const cat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
function tlv(tag, content) {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return cat([tag, ...len], content);
}
const seq = (...items) => tlv(0x30, cat(...items));
const set = (...items) => tlv(0x31, cat(...items));
const nul = () => Buffer.from([5, 0]);
const uint = (bytes) => tlv(0x02, bytes[0] & 0x80 ? cat([0], bytes) : bytes);
const bits = (bytes) => tlv(0x03, cat([0], bytes));
function oid(dotted) {
  const arcs = dotted.split('.').map(Number);
  const out = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}
const name = (cn) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn)))));
const utc = (d) => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'));
const validity = seq(utc(new Date('2026-01-01')), utc(new Date('2027-01-01')));
const ext = (id, critical, value) => seq(oid(id), ...(critical ? [Buffer.from([1, 1, 0xff])] : []), tlv(0x04, value));
const caExtensions = tlv(0xa3, seq(ext('2.5.29.19', true, seq(Buffer.from([1, 1, 0xff])))));

function randomOdd(nBits, top = 0x80) {
  const n = randomBytes(Math.ceil(nBits / 8));
  n[0] = (n[0] & (0xff >> (n.length * 8 - nBits))) | (top >> (n.length * 8 - nBits));
  n[n.length - 1] |= 1;
  return n;
}
const rsaSpki = (modulus, exponent) => seq(seq(oid('1.2.840.113549.1.1.1'), nul()), bits(seq(uint(modulus), uint(exponent))));
const ecSpki = (curve, point) => seq(seq(oid('1.2.840.10045.2.1'), oid(curve)), bits(point));
const P384 = '1.3.132.0.34';
const P521 = '1.3.132.0.35';
/** A valid point of a fresh key, uncompressed or compressed (decompressing costs a modular square root). */
function point(namedCurve, compressed = false) {
  const jwk = generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  return compressed ? cat([2 | (y[y.length - 1] & 1)], x) : cat([4], x, y);
}

const ALG = {
  rsa: seq(oid('1.2.840.113549.1.1.11'), nul()),
  ecdsa384: seq(oid('1.2.840.10045.4.3.3')),
  ecdsa512: seq(oid('1.2.840.10045.4.3.4')),
};

function cert({ issuer, subject, spki, alg, signature, ca }) {
  const tbs = seq(
    tlv(0xa0, uint(Buffer.from([2]))),
    uint(randomBytes(8).fill(1, 0, 1)),
    alg,
    name(issuer),
    validity,
    name(subject),
    spki,
    ...(ca ? [caExtensions] : []),
  );
  return seq(tbs, alg, bits(signature));
}

// The configured anchor: a real P-256 root (it never signs anything the attacker sends).
const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rootSpki = rootKey.publicKey.export({ format: 'der', type: 'spki' });
const ecAlg = seq(oid('1.2.840.10045.4.3.2'));
const rootTbs = seq(
  tlv(0xa0, uint(Buffer.from([2]))),
  uint(Buffer.from([1])),
  ecAlg,
  name('Bench Root'),
  validity,
  name('Bench Root'),
  rootSpki,
  caExtensions,
);
const rootDer = seq(rootTbs, ecAlg, bits(sign('sha256', rootTbs, rootKey.privateKey)));
const leafSpki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });

/** An ECDSA signature whose r and s are in range, so that verification does the whole computation. */
const ecdsaSig = (size) => seq(uint(randomOdd(size * 8 - 8)), uint(randomOdd(size * 8 - 8)));
/** An RSA signature of the modulus' length, below it. */
const rsaSig = (modulusBytes) => cat([0x01], randomBytes(modulusBytes - 1));

const scenarios = [
  {
    label: 'RSA-8192, e = 2^32 − 1 (largest accepted)',
    leafAlg: ALG.rsa,
    leafSig: () => rsaSig(1024),
    spki: () => rsaSpki(randomOdd(8192), Buffer.from([0xff, 0xff, 0xff, 0xff])),
  },
  { label: 'P-521', leafAlg: ALG.ecdsa512, leafSig: () => ecdsaSig(66), spki: () => ecSpki(P521, point('P-521')) },
  { label: 'P-384', leafAlg: ALG.ecdsa384, leafSig: () => ecdsaSig(48), spki: () => ecSpki(P384, point('P-384')) },
  {
    label: 'RSA-2048, e = 2^32 − 1',
    leafAlg: ALG.rsa,
    leafSig: () => rsaSig(256),
    spki: () => rsaSpki(randomOdd(2048), Buffer.from([0xff, 0xff, 0xff, 0xff])),
  },
  {
    label: 'refused before use: RSA-3072, 3071-bit exponent',
    leafAlg: ALG.rsa,
    leafSig: () => rsaSig(384),
    spki: () => rsaSpki(randomOdd(3072), randomOdd(3071)),
  },
  {
    label: 'refused before use: P-384, compressed points',
    leafAlg: ALG.ecdsa384,
    leafSig: () => ecdsaSig(48),
    spki: () => ecSpki(P384, point('P-384', true)),
  },
  {
    label: 'refused before use: RSA-16384',
    leafAlg: ALG.rsa,
    leafSig: () => rsaSig(2048),
    spki: () => rsaSpki(randomOdd(16384), Buffer.from([1, 0, 1])),
  },
];

function request(s) {
  const leaf = cert({ issuer: 'Hostile CA', subject: 'mallory', spki: leafSpki, alg: s.leafAlg, signature: s.leafSig() });
  const chain = [];
  for (;;) {
    const next = cert({
      issuer: 'Attacker Root',
      subject: 'Hostile CA',
      spki: s.spki(),
      alg: ALG.rsa,
      signature: randomBytes(256),
      ca: true,
    });
    const size =
      encodeClientCert(leaf).length + encodeClientCertChain([...chain, next]).length + 'Client-Cert: \r\nClient-Cert-Chain: \r\n'.length;
    if (chain.length === 10 || size > HEADER_BUDGET) break;
    chain.push(next);
  }
  const headerBytes = encodeClientCert(leaf).length + encodeClientCertChain(chain).length;
  return { leaf: new Uint8Array(leaf), chain: chain.map((c) => new Uint8Array(c)), headerBytes };
}

const rows = [];
for (const s of scenarios) {
  const times = [];
  let outcome = '';
  let shape = '';
  for (let i = -1; i < RUNS; i++) {
    const { leaf, chain, headerBytes } = request(s);
    shape = `${chain.length} chain certs, ${headerBytes} header bytes`;
    const verifier = createVerifier({ trustAnchors: new Uint8Array(rootDer), now: () => NOW });
    // CPU time of this thread (user + system), so that other load on the machine does not count.
    const before = process.cpuUsage();
    const done = verifier.verify({ certificate: leaf, chain }); // all the work is synchronous, before this returns
    const used = process.cpuUsage(before);
    try {
      await done;
      outcome = 'ACCEPTED';
    } catch (err) {
      outcome = `${err.code} / ${err.reason}`;
    }
    if (i >= 0) times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  rows.push({
    scenario: s.label,
    shape,
    median_ms: times[times.length >> 1].toFixed(2),
    max_ms: times[times.length - 1].toFixed(2),
    outcome,
  });
}
console.table(rows);
