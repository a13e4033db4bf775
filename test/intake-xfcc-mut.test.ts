// The forwarding formats of src/formats/index.ts (XFCC, escaped PEM, base64 DER) called directly:
// the message of each refusal, which names the rule, the key and the field an operator must fix,
// and the scanner's edges (a pair separator at the very end, spaces after a comma, escapes).
import { createHash } from 'node:crypto';
import { DEFAULT_HEADERS, KNOWN_CERTIFICATE_HEADERS, decodeBase64Der, decodeEscapedPem, decodeXfcc } from '../src/formats/index';
import { makeCert } from './helpers/pki';
import { codeReasonAndMessageOf as refusal } from './helpers/codes';

const a = makeCert({ subject: 'xfcc a' });
const b = makeCert({ subject: 'xfcc b' });
const sha = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');
const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');
const X = 'x-forwarded-client-cert';
const cert = `Cert="${encodeURIComponent(a.pem)}"`;

const malformed = (reason: string, message: string) => ({ code: 'ERR_CLIENT_CERT_MALFORMED', reason, message });

describe('XFCC refusals name the rule', () => {
  it.each([
    ['no key', `=x;${cert}`, 'xfcc-syntax', `${X} has an element or pair that is not Key=value`],
    ['a key that is not letters', `B1=x;${cert}`, 'xfcc-syntax', `${X} has an element or pair that is not Key=value`],
    ['a trailing pair separator', `${cert};`, 'xfcc-syntax', `${X} has an element or pair that is not Key=value`],
    ['a trailing element separator', `${cert},`, 'xfcc-syntax', `${X} has an element or pair that is not Key=value`],
    ['an unterminated quote', 'Cert="abc', 'xfcc-syntax', `${X} has an unterminated quoted value`],
    ['an escape at the end', 'Cert="abc\\', 'xfcc-syntax', `${X} has an unterminated quoted value`],
    ['a quoted value followed by text', `${cert}x`, 'xfcc-syntax', `${X} has a quoted value followed by something other than ";" or ","`],
    [
      'a bare value with a quote',
      `By=a"b;${cert}`,
      'xfcc-ambiguous-value',
      `${X} has an unquoted value containing ": the proxy wrote a certificate's name unescaped, so the field cannot be read unambiguously`,
    ],
    [
      'a bare value with =',
      `By=a=b;${cert}`,
      'xfcc-ambiguous-value',
      `${X} has an unquoted value containing =: the proxy wrote a certificate's name unescaped, so the field cannot be read unambiguously`,
    ],
    [
      'an unknown key',
      `Foo=1;${cert}`,
      'xfcc-unknown-key',
      `${X} has a key Envoy does not write (it writes By, Hash, Cert, Chain, Subject, URI, DNS)`,
    ],
    ['a repeated Cert', `${cert};${cert}`, 'xfcc-duplicate-key', `${X} repeats cert within one element`],
    ['a repeated Hash', `Hash=${sha(a.der)};Hash=${sha(a.der)};${cert}`, 'xfcc-duplicate-key', `${X} repeats hash within one element`],
    [
      'Hash after Cert',
      `${cert};Hash=${sha(a.der)}`,
      'xfcc-key-order',
      `${X} has hash after a key Envoy writes later; an unquoted value held a ";"`,
    ],
    ['Hash quoted', `Hash="${sha(a.der)}";${cert}`, 'xfcc-quoting', `${X} has hash quoted, which Envoy never writes`],
    ['Cert unquoted', `Cert=${encodeURIComponent(a.pem)}`, 'xfcc-quoting', `${X} has cert unquoted, which Envoy never writes`],
    [
      'two certificates in Cert',
      `Cert="${encodeURIComponent(a.pem + b.pem)}"`,
      'xfcc-cert-count',
      `${X} Cert must hold exactly one certificate`,
    ],
    ['no certificate in Cert', 'Cert="x"', 'pem-not-certificate', `${X} Cert is not a PEM certificate (chain)`],
    ['another Hash', `Hash=${sha(b.der)};${cert}`, 'xfcc-hash-mismatch', `${X} Hash is not the SHA-256 of its Cert`],
    ['a bad escape in Cert', 'Cert="%E0%A4%A"', 'percent-encoding-invalid', `${X} Cert has an invalid %-escape`],
    ['a bad escape in Chain', `${cert};Chain="%zz"`, 'percent-encoding-invalid', `${X} Chain has an invalid %-escape`],
  ])('%s', (_name, value, reason, message) => {
    expect(refusal(() => decodeXfcc([value]))).toEqual(malformed(reason, message));
  });

  it('several elements, by default and with SANs', () => {
    expect(refusal(() => decodeXfcc([`${cert},${cert},${cert}`]))).toEqual(
      malformed(
        'xfcc-several-elements',
        `${X} holds 3 elements where one was expected (configure Envoy with forward_client_cert_details: SANITIZE_SET, or set xfccElements: 'last-of-several' on this proxy)`,
      ),
    );
    expect(refusal(() => decodeXfcc([`${cert};DNS=a.example,${cert}`], 'last-of-several'))).toEqual(
      malformed(
        'xfcc-san-with-several-elements',
        `${X} holds several elements and bare URI or DNS values, which can forge an element boundary (configure set_current_client_cert_details with cert and chain only)`,
      ),
    );
  });

  it.each([
    ['DNS', { dns: ['a,b.example'] }, 'DNS=x', 'DNS'],
    ['URI', { uri: ['spiffe://a"b'] }, 'URI=x', 'URI'],
  ])('a %s name that holds XFCC syntax', (_name, san, pair, kind) => {
    const odd = makeCert({ subject: 'odd', san });
    expect(refusal(() => decodeXfcc([`Cert="${encodeURIComponent(odd.pem)}";${pair}`]))).toEqual(
      malformed(
        'xfcc-ambiguous-value',
        `${X} carries a certificate whose ${kind} name holds XFCC syntax (, ; = or "), which Envoy writes unescaped`,
      ),
    );
  });
});

describe('XFCC reading', () => {
  it('a single element with last-of-several is read; a certificate without odd names passes the SAN check', () => {
    const plain = makeCert({ subject: 'plain', san: { dns: ['ok.example'], uri: ['spiffe://ok/x'] } });
    const got = decodeXfcc([`Cert="${encodeURIComponent(plain.pem)}";URI=spiffe://ok/x;DNS=ok.example`], 'last-of-several');
    expect(got && b64(got.leafDer)).toBe(b64(plain.der));
  });

  it('the SAN check skips a Cert that is not a certificate, and names of other forms', () => {
    const withEmail = makeCert({ subject: 'email', san: { email: ['a;b@example.com'] } });
    expect(decodeXfcc([`Cert="${encodeURIComponent(withEmail.pem)}";DNS=x`])).toBeDefined();
  });

  it('the hash is compared in full, and a matching one is accepted', () => {
    expect(decodeXfcc([`Hash=${sha(a.der)};${cert}`])).toBeDefined();
    expect(refusal(() => decodeXfcc([`Hash=${sha(a.der).toUpperCase()};${cert}`])).reason).toBe('xfcc-hash-mismatch');
  });

  it('Chain: the leaf first is dropped, another first certificate is kept, an empty Chain is no chain', () => {
    const got = decodeXfcc([`${cert};Chain="${encodeURIComponent(a.pem + b.pem)}"`]);
    expect(got?.chainDers.map(b64)).toEqual([b64(b.der)]);
    const kept = decodeXfcc([`${cert};Chain="${encodeURIComponent(b.pem + a.pem)}"`]);
    expect(kept?.chainDers.map(b64)).toEqual([b64(b.der), b64(a.der)]);
    expect(decodeXfcc([`${cert};Chain=""`])?.chainDers).toEqual([]);
  });

  it('quoted values keep what follows a backslash and end at the closing quote', () => {
    const got = decodeXfcc([`${cert};Subject="a\\"b\\\\c,d;e=f";URI=spiffe://x`]);
    expect(got && b64(got.leafDer)).toBe(b64(a.der));
  });

  it('a backslash keeps the character after it, in Cert too', () => {
    const escaped = `Cert="\\${encodeURIComponent(a.pem)}"`;
    const got = decodeXfcc([escaped]);
    expect(got && b64(got.leafDer)).toBe(b64(a.der));
  });

  it('a certificate with XFCC syntax in a name passes when the element carries no URI or DNS', () => {
    const odd = makeCert({ subject: 'odd', san: { dns: ['a;b.example'] } });
    expect(decodeXfcc([`Cert="${encodeURIComponent(odd.pem)}"`])).toBeDefined();
  });

  it('spaces and tabs after an element separator are skipped, not after a pair separator', () => {
    expect(decodeXfcc([`By=spiffe://p;${cert},  \t${cert}`], 'last-of-several')).toBeDefined();
    expect(refusal(() => decodeXfcc([`By=spiffe://p; ${cert}`])).reason).toBe('xfcc-syntax');
  });

  it('lower- and mixed-case keys are Envoy’s keys', () => {
    expect(decodeXfcc([`by=spiffe://p;cErT="${encodeURIComponent(a.pem)}"`])).toBeDefined();
  });

  it('no Cert in the last element is no certificate', () => {
    expect(decodeXfcc([`${cert},By=spiffe://p`], 'last-of-several')).toBeUndefined();
  });
});

describe('escaped PEM and base64 DER messages', () => {
  it('name the field and the member', () => {
    expect(refusal(() => decodeEscapedPem(['%zz'], 'x-amzn-mtls-clientcert'))).toEqual(
      malformed('percent-encoding-invalid', 'x-amzn-mtls-clientcert has an invalid %-escape'),
    );
    expect(refusal(() => decodeBase64Der([`${b64(a.der)}, @@`], 'x-arr-clientcert'))).toEqual(
      malformed('base64-invalid', 'x-arr-clientcert member 2 is not standard padded base64'),
    );
    expect(refusal(() => decodeBase64Der(['@@'], 'x-arr-clientcert')).message).toBe(
      'x-arr-clientcert member 1 is not standard padded base64',
    );
  });

  it('escaped PEM is trimmed of any whitespace before it is decoded, and + stays +', () => {
    const got = decodeEscapedPem([`  ${encodeURIComponent(a.pem).replace(/%2B/g, '+')}  `], 'h');
    expect(b64(got.leafDer)).toBe(b64(a.der));
    // A no-break space is whitespace to trim() but not to the PEM reader.
    expect(b64(decodeEscapedPem([`\u00a0${encodeURIComponent(a.pem)}\u00a0`], 'h').leafDer)).toBe(b64(a.der));
  });
});

describe('the field names', () => {
  it('every default field is stripped from every request', () => {
    for (const name of Object.values(DEFAULT_HEADERS)) expect(KNOWN_CERTIFICATE_HEADERS).toContain(name);
    expect(DEFAULT_HEADERS).toEqual({
      rfc9440: 'client-cert',
      'envoy-xfcc': 'x-forwarded-client-cert',
      'escaped-pem': 'x-amzn-mtls-clientcert',
      'base64-der': 'x-arr-clientcert',
      'apache-pem': 'x-ssl-client-cert',
      traefik: 'x-forwarded-tls-client-cert',
      'ingress-nginx': 'ssl-client-cert',
      'cloudflare-legacy': 'cf-client-cert-der-base64',
    });
    expect(Object.isFrozen(DEFAULT_HEADERS)).toBe(true);
  });
});
