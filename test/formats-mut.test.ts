// The small rules of the forwarding-format decoders (src/formats/), called directly: numbered chain
// fields, "no certificate" values, Traefik's escapes and members, Cloudflare's hash, Apache's one
// certificate per field, ingress-nginx's leaf only, XFCC's element and key rules. Each refusal is
// asserted with its code and reason.
import { createHash } from 'node:crypto';
import { decodeApachePem } from '../src/formats/apache';
import { decodeCloudflareLegacy } from '../src/formats/cloudflare';
import { decodeEscapedPemField, decodeIngressNginx } from '../src/formats/escaped';
import { decodeBase64Der, decodeEscapedPem, decodeXfcc } from '../src/formats/index';
import { isNumberedField, numberedFieldValues } from '../src/formats/numbered';
import { isNoCertificate, primaryCertificateLine, singleLine } from '../src/formats/scan';
import { decodeTraefik } from '../src/formats/traefik';
import { makeCert } from './helpers/pki';
import { codeAndReasonOf } from './helpers/codes';

const a = makeCert({ subject: 'formats a' });
const b = makeCert({ subject: 'formats b' });
const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
const hex = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

const malformed = (reason: string) => ({ code: 'ERR_CLIENT_CERT_MALFORMED', reason });

describe('scan.ts', () => {
  it.each([
    ['', true],
    ['   ', true],
    ['(null)', true],
    [' (null) ', true],
    ['(NULL)', false],
    ['x', false],
  ])('isNoCertificate(%j) is %s', (value, expected) => {
    expect(isNoCertificate(value)).toBe(expected);
  });

  it('singleLine: exactly one line', () => {
    expect(singleLine(['x'], 'h')).toBe('x');
    expect(codeAndReasonOf(() => singleLine([], 'h'))).toEqual(malformed('field-repeated'));
    expect(codeAndReasonOf(() => singleLine(['x', 'y'], 'h'))).toEqual(malformed('field-repeated'));
  });

  it('primaryCertificateLine: no certificate with chain values is refused', () => {
    expect(primaryCertificateLine(['(null)'], [], 'h')).toBeUndefined();
    expect(primaryCertificateLine(['x'], ['y'], 'h')).toBe('x');
    expect(codeAndReasonOf(() => primaryCertificateLine([''], ['y'], 'h'))).toEqual(malformed('chain-without-certificate'));
  });
});

describe('numbered.ts', () => {
  const P = 'x-ssl-client-cert-chain-';
  it.each([
    [`${P}0`, true],
    [`${P}12`, true],
    [`${P}9`, true],
    [P, false],
    [`${P}1a`, false],
    [`${P}/`, false],
    [`${P}:`, false],
    ['x-ssl-client-cert-chain0', false],
    [`y${P}0`, false],
  ])('isNumberedField(%j) is %s', (name, expected) => {
    expect(isNumberedField(name, P)).toBe(expected);
  });

  const taken = (entries: [string, string[]][]) => new Map(entries);
  it('reads indices in order, whatever order the fields came in', () => {
    expect(
      numberedFieldValues(
        taken([
          [`${P}1`, ['b']],
          [`${P}0`, ['a']],
          ['other', ['z']],
        ]),
        P,
      ),
    ).toEqual(['a', 'b']);
  });

  it('trailing "no certificate" values end the chain', () => {
    expect(
      numberedFieldValues(
        taken([
          [`${P}0`, ['a']],
          [`${P}1`, ['(null)']],
          [`${P}2`, ['']],
        ]),
        P,
      ),
    ).toEqual(['a']);
    expect(numberedFieldValues(taken([[`${P}0`, ['(null)']]]), P)).toEqual([]);
  });

  it.each<[string, [string, string[]][], string]>([
    [
      'a gap',
      [
        [`${P}0`, ['a']],
        [`${P}2`, ['c']],
      ],
      'chain-field-gap',
    ],
    ['no index 0', [[`${P}1`, ['a']]], 'chain-field-gap'],
    [
      'an empty field before a certificate',
      [
        [`${P}0`, ['(null)']],
        [`${P}1`, ['b']],
      ],
      'chain-field-gap',
    ],
    ['a leading zero', [[`${P}01`, ['a']]], 'chain-field-index-invalid'],
    ['three digits', [[`${P}100`, ['a']]], 'chain-field-index-invalid'],
    ['a repeated field', [[`${P}0`, ['a', 'b']]], 'field-repeated'],
  ])('refuses %s', (_name, entries, reason) => {
    expect(codeAndReasonOf(() => numberedFieldValues(taken(entries), P))).toEqual(malformed(reason));
  });

  it('index 99 with 0–98 before it is read', () => {
    const entries: [string, string[]][] = Array.from({ length: 100 }, (_, i) => [`${P}${i}`, [`v${i}`]]);
    expect(numberedFieldValues(taken(entries), P)).toHaveLength(100);
  });
});

describe('traefik.ts', () => {
  const esc = (der: Uint8Array) => b64(der).replace(/\+/g, '%2B').replace(/\//g, '%2f').replace(/=/g, '%3D');
  it('reads comma-separated members with %2B, %2F and %3D in either case', () => {
    const got = decodeTraefik([`${esc(a.der)},${esc(b.der)}`], 'h');
    expect(got && [Buffer.from(got.leafDer), got.chainDers.map((d) => Buffer.from(d))]).toEqual([Buffer.from(a.der), [Buffer.from(b.der)]]);
    const lower = decodeTraefik([esc(a.der).replace(/%2B/g, '%2b').replace(/%3D/g, '%3d')], 'h');
    expect(lower && Buffer.from(lower.leafDer)).toEqual(Buffer.from(a.der));
  });

  it('no certificate', () => {
    expect(decodeTraefik(['  '], 'h')).toBeUndefined();
    expect(decodeTraefik(['(null)'], 'h')).toBeUndefined();
  });

  it.each([
    ['an empty member', (x: string) => `${x},,${x}`, 'traefik-member-empty'],
    ['a trailing comma', (x: string) => `${x},`, 'traefik-member-empty'],
    ['another escape', (x: string) => `${x}%41`, 'traefik-escape-invalid'],
    ['a truncated escape', (x: string) => `${x}%2`, 'traefik-escape-invalid'],
    ['an escape at the very end', (x: string) => `${x}%`, 'traefik-escape-invalid'],
    ['%2C (Traefik never escapes a comma)', (x: string) => `${x}%2C`, 'traefik-escape-invalid'],
    ['bad base64', (x: string) => `${x.slice(1)}`, 'traefik-base64'],
  ])('refuses %s', (_name, make, reason) => {
    expect(codeAndReasonOf(() => decodeTraefik([make(esc(a.der))], 'h'))).toEqual(malformed(reason));
  });
});

describe('cloudflare.ts', () => {
  it('accepts the certificate with its SHA-256, in either case, trimmed', () => {
    expect(Buffer.from(decodeCloudflareLegacy([` ${b64(a.der)} `], [` ${hex(a.der).toUpperCase()} `], 'h').leafDer)).toEqual(
      Buffer.from(a.der),
    );
  });

  it.each<[string, string[], string[], string]>([
    ['no certificate field', [], [hex(a.der)], 'cloudflare-certificate-missing'],
    ['no hash field', [b64(a.der)], [], 'cloudflare-hash-missing'],
    ['bad base64', ['@@@@'], [hex(a.der)], 'cloudflare-base64'],
    ['a hash of 63 digits', [b64(a.der)], [hex(a.der).slice(1)], 'cloudflare-hash-invalid'],
    ['a hash of 65 digits', [b64(a.der)], [`${hex(a.der)}0`], 'cloudflare-hash-invalid'],
    ['a hash with a non-hex digit', [b64(a.der)], [`g${hex(a.der).slice(1)}`], 'cloudflare-hash-invalid'],
    ['a hash with a character below 0', [b64(a.der)], [`/${hex(a.der).slice(1)}`], 'cloudflare-hash-invalid'],
    ['a hash with a character above 9', [b64(a.der)], [`:${hex(a.der).slice(1)}`], 'cloudflare-hash-invalid'],
    ['another certificate’s hash', [b64(a.der)], [hex(b.der)], 'cloudflare-hash-mismatch'],
    ['a repeated hash field', [b64(a.der)], [hex(a.der), hex(a.der)], 'field-repeated'],
  ])('refuses %s', (_name, certLines, hashLines, reason) => {
    expect(codeAndReasonOf(() => decodeCloudflareLegacy(certLines, hashLines, 'h'))).toEqual(malformed(reason));
  });
});

describe('apache.ts and escaped.ts', () => {
  it('Apache PEM: one certificate per field, chain from numbered fields', () => {
    const got = decodeApachePem([a.pem], [b.pem], 'h');
    expect(got?.chainDers.map((d) => Buffer.from(d))).toEqual([Buffer.from(b.der)]);
    expect(decodeApachePem(['(null)'], [], 'h')).toBeUndefined();
    expect(codeAndReasonOf(() => decodeApachePem([a.pem + b.pem], [], 'h'))).toEqual(malformed('apache-pem-multiple-certificates'));
    expect(codeAndReasonOf(() => decodeApachePem([a.pem], [a.pem + b.pem], 'h'))).toEqual(malformed('apache-pem-multiple-certificates'));
  });

  it('escaped PEM: leaf then chain, in the field or in numbered fields of one certificate each', () => {
    const one = decodeEscapedPemField([encodeURIComponent(a.pem + b.pem)], [], 'h');
    expect(one?.chainDers.map((d) => Buffer.from(d))).toEqual([Buffer.from(b.der)]);
    const numbered = decodeEscapedPemField([encodeURIComponent(a.pem)], [encodeURIComponent(b.pem)], 'h');
    expect(numbered?.chainDers.map((d) => Buffer.from(d))).toEqual([Buffer.from(b.der)]);
    expect(codeAndReasonOf(() => decodeEscapedPemField([encodeURIComponent(a.pem)], [encodeURIComponent(b.pem + a.pem)], 'h'))).toEqual(
      malformed('chain-field-multiple-certificates'),
    );
    expect(decodeEscapedPemField([''], [], 'h')).toBeUndefined();
    expect(codeAndReasonOf(() => decodeEscapedPem(['%E0%A4%A'], 'h'))).toEqual(malformed('percent-encoding-invalid'));
  });

  it('ingress-nginx: the leaf only', () => {
    expect(Buffer.from(decodeIngressNginx([encodeURIComponent(a.pem)], 'h')?.leafDer ?? [])).toEqual(Buffer.from(a.der));
    expect(decodeIngressNginx(['(null)'], 'h')).toBeUndefined();
    expect(codeAndReasonOf(() => decodeIngressNginx([encodeURIComponent(a.pem + b.pem)], 'h'))).toEqual(
      malformed('ingress-nginx-multiple-certificates'),
    );
  });

  it('base64 DER: comma-separated, trimmed, strict', () => {
    const got = decodeBase64Der([` ${b64(a.der)} , ${b64(b.der)}`], 'h');
    expect(got.chainDers.map((d) => Buffer.from(d))).toEqual([Buffer.from(b.der)]);
    expect(codeAndReasonOf(() => decodeBase64Der([`${b64(a.der)},`], 'h'))).toEqual(malformed('base64-invalid'));
  });
});

describe('index.ts: XFCC', () => {
  const cert = `Cert="${encodeURIComponent(a.pem)}"`;
  it('reads the last element with last-of-several, and Hash must match', () => {
    const got = decodeXfcc([`By=spiffe://x;${cert},By=spiffe://y;Hash=${hex(a.der)};${cert}`], 'last-of-several');
    expect(got && Buffer.from(got.leafDer)).toEqual(Buffer.from(a.der));
    expect(codeAndReasonOf(() => decodeXfcc([`Hash=${hex(b.der)};${cert}`]))).toEqual(malformed('xfcc-hash-mismatch'));
  });

  it('an element without Cert is no certificate; a Chain that starts with the leaf does not count it twice', () => {
    expect(decodeXfcc(['By=spiffe://x;Hash=00'])).toBeUndefined();
    const got = decodeXfcc([`${cert};Chain="${encodeURIComponent(a.pem + b.pem)}"`]);
    expect(got?.chainDers.map((d) => Buffer.from(d))).toEqual([Buffer.from(b.der)]);
    const other = decodeXfcc([`${cert};Chain="${encodeURIComponent(b.pem)}"`]);
    expect(other?.chainDers.map((d) => Buffer.from(d))).toEqual([Buffer.from(b.der)]);
  });

  it.each([
    ['two elements by default', `${cert},${cert}`, 'xfcc-several-elements'],
    ['a key Envoy does not write', `Foo=1;${cert}`, 'xfcc-unknown-key'],
    ['a repeated Cert', `${cert};${cert}`, 'xfcc-duplicate-key'],
    ['Hash after Cert', `${cert};Hash=${hex(a.der)}`, 'xfcc-key-order'],
    ['Subject unquoted', `${cert};Subject=CN=x`, 'xfcc-ambiguous-value'],
    ['Hash quoted', `Hash="${hex(a.der)}";${cert}`, 'xfcc-quoting'],
    ['a value with a quote', `By=a"b;${cert}`, 'xfcc-ambiguous-value'],
    ['no key', `=x;${cert}`, 'xfcc-syntax'],
    ['a key without =', `By;${cert}`, 'xfcc-syntax'],
    ['an unterminated quote', `Cert="abc`, 'xfcc-syntax'],
    ['an escape at the end', `Cert="abc\\`, 'xfcc-syntax'],
    ['a quoted value followed by text', `${cert}x`, 'xfcc-syntax'],
    ['two certificates in Cert', `Cert="${encodeURIComponent(a.pem + b.pem)}"`, 'xfcc-cert-count'],
  ])('refuses %s', (_name, value, reason) => {
    expect(codeAndReasonOf(() => decodeXfcc([value]))).toEqual(malformed(reason));
  });

  it('several elements may not carry URI or DNS', () => {
    expect(codeAndReasonOf(() => decodeXfcc([`${cert};URI=spiffe://a,${cert}`], 'last-of-several'))).toEqual(
      malformed('xfcc-san-with-several-elements'),
    );
    expect(codeAndReasonOf(() => decodeXfcc([`${cert},${cert};DNS=a.example`], 'last-of-several'))).toEqual(
      malformed('xfcc-san-with-several-elements'),
    );
  });

  it('URI and DNS may repeat; field lines join with a comma and optional spaces', () => {
    expect(decodeXfcc([`${cert};URI=spiffe://a;URI=spiffe://b;DNS=a.example;DNS=b.example`])).toBeDefined();
    const got = decodeXfcc([`By=spiffe://x;${cert}`, ` \t${cert}`], 'last-of-several');
    expect(got && Buffer.from(got.leafDer)).toEqual(Buffer.from(a.der));
  });

  it('a quoted value keeps escaped characters', () => {
    const got = decodeXfcc([`${cert};Subject="CN=a\\"b\\\\c"`]);
    expect(got && Buffer.from(got.leafDer)).toEqual(Buffer.from(a.der));
  });

  it.each([
    ['DNS', { dns: ['a;b.example'] }, 'DNS=x'],
    ['URI', { uri: ['spiffe://a=b'] }, 'URI=x'],
  ])('a certificate whose %s name holds XFCC syntax is refused when the element carries SANs', (_name, san, pair) => {
    const odd = makeCert({ subject: 'odd', san });
    const oddCert = `Cert="${encodeURIComponent(odd.pem)}"`;
    expect(codeAndReasonOf(() => decodeXfcc([`${oddCert};${pair}`]))).toEqual(malformed('xfcc-ambiguous-value'));
    expect(decodeXfcc([oddCert])).toBeDefined();
  });
});
