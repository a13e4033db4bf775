// Issue 8.2: every decoder runs in time linear in its input. Each decoder gets pathological inputs
// at 1×, 4× and 16× size; the cost must grow linearly: time(4×)/time(1×) < 4·3 and
// time(16×)/time(1×) < 16·3, in CPU time, as medians of interleaved rounds (ratios, never absolute
// times). A quadratic decoder gives ratios near 16 and 256; the PEM regex this replaced was worse.
import { derFromInput, parseCertificateDer } from '../src/x509/certificate';
import { crlDerFromInput } from '../src/x509/crl';
import { decodeClientCert, decodeClientCertChain } from '../src/decode';
import { decodeBase64Der, decodeEscapedPem, decodeXfcc } from '../src/formats/index';
import { decodeApachePem } from '../src/formats/apache';
import { decodeCloudflareLegacy } from '../src/formats/cloudflare';
import { numberedFieldValues } from '../src/formats/numbered';
import { decodeTraefik } from '../src/formats/traefik';
import { makeCert, makePki } from './helpers/pki';

const SCALES = [1, 4, 16] as const;
const ROUNDS = 9;
/** Each timed sample costs about this much CPU, so timer resolution does not matter. */
const SAMPLE_MS = 5;
const SLACK = 3;
const HUGE = { certBytes: 1 << 30, chainBytes: 1 << 30, chainCount: 1 << 30 };

/** CPU time of this process in ms: unlike wall time, it does not grow while other processes hold the cores. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `fn` `iterations` times and returns the CPU ms spent; stops early once past `deadlineMs`. */
function runMany(fn: () => unknown, iterations: number, deadlineMs = Infinity): number {
  const start = cpuMs();
  for (let i = 0; i < iterations; i++) {
    try {
      fn();
    } catch (err) {
      // Refusals are expected: the cost of reaching them is what is measured. A bug is not a refusal.
      if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) throw err;
    }
    if (cpuMs() - start > deadlineMs) return Infinity;
  }
  return cpuMs() - start;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The cost of one call at 4× and 16× relative to 1×, medians over interleaved rounds (a burst of
 * load hits every size alike). Size k runs 1/k as many calls, so every sample lasts about as long.
 */
function growth(make: (scale: number) => () => unknown): { at4: number; at16: number } {
  const calls = SCALES.map(make);
  let iterations = 16;
  while (runMany(calls[0], iterations) < SAMPLE_MS && iterations < 1 << 22) iterations *= 2;
  const counts = SCALES.map((k) => iterations / k);
  const perCall: number[][] = [[], [], []];
  for (let round = 0; round < ROUNDS; round++) {
    const base = runMany(calls[0], counts[0]);
    perCall[0].push(base / counts[0]);
    for (let k = 1; k < SCALES.length; k++) {
      // A super-linear decoder is cut off well past its bound (its sample counts as infinite), so a
      // regression fails in seconds, not hours; a lone pause (GC, preemption) is outvoted by the median.
      perCall[k].push(runMany(calls[k], counts[k], base * SLACK * 4) / counts[k]);
    }
  }
  const [c1, c4, c16] = perCall.map(median);
  return { at4: c4 / c1, at16: c16 / c1 };
}

const BEGIN = '-----BEGIN CERTIFICATE-----';
const { leaf } = makePki('Linear');
const leafB64 = Buffer.from(leaf.der).toString('base64');

type Case = [string, (scale: number) => () => unknown];

const cases: Case[] = [
  // RFC 9440 fields (structured-headers).
  ['Client-Cert: a byte sequence never closed', (s) => () => decodeClientCert([`:${'A'.repeat(2048 * s)}`], HUGE)],
  ['Client-Cert: parameters after parameters', (s) => () => decodeClientCert([`:${leafB64}:${';a=1'.repeat(128 * s)}`], HUGE)],
  ['Client-Cert-Chain: many members, one bad at the end', (s) => () => decodeClientCertChain([`${':AAAA:, '.repeat(128 * s)}x`], HUGE)],
  ['Client-Cert-Chain: inner lists', (s) => () => decodeClientCertChain([`(${':AAAA: '.repeat(128 * s)}`], HUGE)],
  // XFCC.
  ['XFCC: BEGIN line then %20s, no END', (s) => () => decodeXfcc([`Cert="${encodeURIComponent(BEGIN)}${'%20'.repeat(64 * s)}A"`])],
  ['XFCC: a quoted value never closed', (s) => () => decodeXfcc([`Subject="${'\\"a,b;c='.repeat(128 * s)}`])],
  ['XFCC: many elements', (s) => () => decodeXfcc([`${'By=a;Hash=b,'.repeat(128 * s)}x`], 'last-of-several')],
  ['XFCC: many pairs', (s) => () => decodeXfcc([`${'URI=a;'.repeat(256 * s)}`])],
  ['XFCC: a bare value that runs on', (s) => () => decodeXfcc([`URI=${'a'.repeat(2048 * s)}"`])],
  // URL-escaped PEM.
  ['escaped PEM: BEGIN line then spaces, no END (the issue)', (s) => () => decodeEscapedPem([`${BEGIN}${' '.repeat(64 * s)}A`], 'x')],
  ['escaped PEM: BEGIN line then %20s, no END', (s) => () => decodeEscapedPem([BEGIN + '%20'.repeat(64 * s)], 'x')],
  ['escaped PEM: BEGIN lines only', (s) => () => decodeEscapedPem([`${BEGIN}\n`.repeat(32 * s)], 'x')],
  ['escaped PEM: base64 then whitespace, no END', (s) => () => decodeEscapedPem([`${BEGIN}\n${'AAAA \n'.repeat(32 * s)}`], 'x')],
  // Base64 DER.
  ['base64 DER: long base64 with a bad last character', (s) => () => decodeBase64Der([`${'A'.repeat(2048 * s)}!`], 'x')],
  ['base64 DER: many empty members', (s) => () => decodeBase64Der([','.repeat(1024 * s)], 'x')],
  // PEM trust material (configuration readers).
  ['trust-material PEM: BEGIN line then spaces, no END', (s) => () => derFromInput(`${BEGIN}${' '.repeat(1024 * s)}A`)],
  ['trust-material PEM: BEGIN lines only', (s) => () => derFromInput(`${BEGIN}\n`.repeat(32 * s))],
  ['trust-material PEM: blocks cut short by a stray character', (s) => () => derFromInput(`${BEGIN}AAAA*`.repeat(32 * s))],
  ['CRL PEM: BEGIN line then spaces, no END', (s) => () => crlDerFromInput(`-----BEGIN X509 CRL-----${' '.repeat(1024 * s)}A`)],
];

// The DER certificate parser: certificates with many names (each parsed and formatted).
const sanCerts = new Map<number, Uint8Array>();
const rdnCerts = new Map<number, Uint8Array>();
for (const s of SCALES) {
  sanCerts.set(s, makeCert({ subject: 'many sans', san: { dns: Array.from({ length: 16 * s }, (_, i) => `h${i}.example`) } }).der);
  rdnCerts.set(s, makeCert({ subject: { OU: Array.from({ length: 8 * s }, (_, i) => `unit ${i}`) } }).der);
}
cases.push(
  ['DER certificate: many subjectAltNames', (s) => () => parseCertificateDer(sanCerts.get(s)!)],
  ['DER certificate: many subject RDNs', (s) => () => parseCertificateDer(rdnCerts.get(s)!)],
);

// The proxy formats of issue 11.
const apacheLeaf = leaf.pem.replace(/\n/g, ' ');
cases.push(
  ['Apache PEM: BEGIN line then spaces, no END', (s) => () => decodeApachePem([`${BEGIN}${' A'.repeat(512 * s)}`], [], 'x')],
  [
    'Apache PEM: many numbered chain fields',
    (s) => () =>
      decodeApachePem(
        [apacheLeaf],
        Array.from({ length: 16 * s }, () => apacheLeaf),
        'x',
      ),
  ],
  [
    'numbered fields: many names, one gap',
    (s) => () => numberedFieldValues(new Map(Array.from({ length: 64 * s }, (_, i) => [`c-${i * 2}`, ['(null)']])), 'c-'),
  ],
  ['Traefik: escapes then a bad one', (s) => () => decodeTraefik([`${'%2B'.repeat(512 * s)}%41`], 'x')],
  ['Traefik: many members', (s) => () => decodeTraefik([`${'AAAA,'.repeat(256 * s)}`], 'x')],
  [
    'Cloudflare: long base64 with a bad last character',
    (s) => () => decodeCloudflareLegacy([`${'A'.repeat(2048 * s)}!`], ['0'.repeat(64)], 'x'),
  ],
);

describe('issue 8.2: decoders run in linear time', () => {
  it.each(cases)('%s', (_name, make) => {
    const { at4, at16 } = growth(make);
    expect({ at4: at4 < 4 * SLACK, at16: at16 < 16 * SLACK, ratios: [at4.toFixed(1), at16.toFixed(1)] }).toMatchObject({
      at4: true,
      at16: true,
    });
  });
});
