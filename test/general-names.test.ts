// Issue 8.10: lenient corners of GeneralName decoding and IP name constraints. An iPAddress is 4
// or 16 bytes (8 or 32 in a name constraint); a control character in an email, DNS or URI name is
// refused; an IPv4-mapped IPv6 address meets IPv4 constraints as the IPv4 address it reaches.
import { createVerifier, type VerifierOptions } from '../src/index';
import { ClientCertError } from '../src/errors';
import { ctx, ia5, seq, tlv } from './helpers/der';
import { NOW, makeCert, type CertSpec, type TestCert } from './helpers/pki';

const root = makeCert({ subject: { O: 'GN', CN: 'Root' }, ca: true });

/** The refusal's code and reason, or 'accepted'. */
async function outcome(leaf: TestCert, chain: TestCert[] = [], options: Partial<VerifierOptions> = {}): Promise<string> {
  try {
    await createVerifier({ trustAnchors: root.pem, now: () => NOW, ...options }).verify({
      certificate: leaf.pem,
      chain: chain.map((c) => c.pem),
    });
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    return `${(err as ClientCertError).code} ${(err as ClientCertError).reason}`;
  }
}

const leafOf = (issuer: TestCert, spec: Partial<CertSpec> = {}): TestCert =>
  makeCert({ subject: { O: 'GN', CN: 'leaf' }, issuer, ...spec });
const ip = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);
const mapped = (a: number, b: number, c: number, d: number): Uint8Array => ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d);
const compatible = (a: number, b: number, c: number, d: number): Uint8Array => ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a, b, c, d);

function constrainedCa(permitted: Uint8Array[], excluded: Uint8Array[] = []): TestCert {
  const subtrees = (bases: Uint8Array[]) => seq(...bases.map((b) => seq(tlv(0x87, b)))).subarray(2);
  const parts: Uint8Array[] = [];
  if (permitted.length) parts.push(ctx(0, subtrees(permitted)));
  if (excluded.length) parts.push(ctx(1, subtrees(excluded)));
  return makeCert({
    subject: { O: 'GN', CN: `ICA ${Math.random()}` },
    issuer: root,
    ca: true,
    extensions: [{ oid: '2.5.29.30', critical: true, value: seq(...parts) }],
  });
}

describe('iPAddress length', () => {
  it.each<[string, Uint8Array, string]>([
    ['4 bytes', ip(10, 0, 0, 1), 'accepted'],
    ['16 bytes', mapped(10, 0, 0, 1), 'accepted'],
    ['5 bytes (issue 8.10)', ip(10, 0, 0, 1, 0), 'ERR_CLIENT_CERT_MALFORMED general-name-ip-length'],
    [
      '8 bytes (an address and mask, valid only in a constraint)',
      ip(10, 0, 0, 0, 255, 0, 0, 0),
      'ERR_CLIENT_CERT_MALFORMED general-name-ip-length',
    ],
    ['0 bytes', ip(), 'ERR_CLIENT_CERT_MALFORMED general-name-ip-length'],
  ])('a SAN of %s', async (_n, bytes, expected) => {
    expect(await outcome(leafOf(root, { san: { ip: [bytes] } }))).toBe(expected);
  });

  it('a name constraint of 4 bytes (no mask) makes its CA malformed', async () => {
    const ca = constrainedCa([], [ip(10, 0, 0, 0)]);
    expect(await outcome(leafOf(ca), [ca])).toBe('ERR_CLIENT_CERT_MALFORMED general-name-ip-length');
  });
});

describe('control characters in email, DNS and URI names', () => {
  it.each<[string, CertSpec['san']]>([
    ['NUL in a URI (issue 8.10)', { uri: ['https://good.example\0.evil.example/'] }],
    ['LF in a URI', { uri: ['spiffe://a/b\nINFO accepted'] }],
    ['NUL in a DNS name', { dns: ['good.example\0evil.example'] }],
    ['ESC in an email address', { email: ['a\x1b[2J@example.com'] }],
    ['DEL in a DNS name', { dns: ['a\x7f.example'] }],
  ])('%s is refused', async (_n, san) => {
    expect(await outcome(leafOf(root, { san }))).toBe('ERR_CLIENT_CERT_MALFORMED general-name-control-character');
  });

  it('printable names still pass', async () => {
    expect(await outcome(leafOf(root, { san: { uri: ['spiffe://gn.example/a b'], dns: ['a.example'] } }))).toBe('accepted');
  });

  it('a trust anchor with such a name is refused at configuration', () => {
    const bad = makeCert({ subject: { CN: 'Bad Root' }, ca: true, san: { dns: ['x\0.example'] } });
    expect(() => createVerifier({ trustAnchors: bad.pem })).toThrow(/does not parse as X\.509/);
  });

  it('an IA5 name built by hand with a NUL is refused the same way', async () => {
    const ext = { oid: '2.5.29.17', value: seq(ia5('a\0b.example', 0x82)) };
    expect(await outcome(leafOf(root, { extensions: [ext] }))).toBe('ERR_CLIENT_CERT_MALFORMED general-name-control-character');
  });
});

describe('IPv4-mapped IPv6 addresses under IP name constraints', () => {
  const TEN = ip(10, 0, 0, 0, 255, 0, 0, 0);
  const excludesTen = constrainedCa([], [TEN]);
  const permitsTen = constrainedCa([TEN]);
  // ::ffff:10.0.0.0/104, the IPv6 form of 10.0.0.0/8.
  const excludesMappedTen = constrainedCa([], [ip(...mapped(10, 0, 0, 0), ...Array(12).fill(0xff), 0xff, 0, 0, 0)]);

  it.each<[string, TestCert, Uint8Array, string]>([
    ['::ffff:10.0.0.1 under excluded 10.0.0.0/8 (issue 8.10)', excludesTen, mapped(10, 0, 0, 1), 'name-constraints-excluded'],
    ['10.0.0.1 under excluded 10.0.0.0/8', excludesTen, ip(10, 0, 0, 1), 'name-constraints-excluded'],
    ['::ffff:11.0.0.1 under excluded 10.0.0.0/8', excludesTen, mapped(11, 0, 0, 1), 'accepted'],
    ['::ffff:10.0.0.1 under permitted 10.0.0.0/8', permitsTen, mapped(10, 0, 0, 1), 'accepted'],
    ['::ffff:11.0.0.1 under permitted 10.0.0.0/8', permitsTen, mapped(11, 0, 0, 1), 'name-constraints-not-permitted'],
    ['10.0.0.1 under excluded ::ffff:10.0.0.0/104', excludesMappedTen, ip(10, 0, 0, 1), 'name-constraints-excluded'],
    ['::10.0.0.1 (IPv4-compatible) under excluded 10.0.0.0/8', excludesTen, compatible(10, 0, 0, 1), 'name-constraints-ip-ambiguous'],
    ['::10.0.0.1 (IPv4-compatible) under permitted 10.0.0.0/8', permitsTen, compatible(10, 0, 0, 1), 'name-constraints-ip-ambiguous'],
    ['::1 under excluded 10.0.0.0/8', excludesTen, compatible(0, 0, 0, 1), 'accepted'],
  ])('%s', async (_n, ca, address, expected) => {
    const result = await outcome(leafOf(ca, { san: { ip: [address] } }), [ca]);
    expect(result).toBe(expected === 'accepted' ? expected : `ERR_CLIENT_CERT_CHAIN_INVALID ${expected}`);
  });
});

describe('the text form of IP address names', () => {
  it.each<[string, Uint8Array]>([
    ['10.0.0.1', ip(10, 0, 0, 1)],
    ['::ffff:10.0.0.1', mapped(10, 0, 0, 1)],
    ['2001:db8::1', ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)],
  ])('%s (RFC 5952; a mapped address dotted as in §5)', async (text, bytes) => {
    const identity = await createVerifier({ trustAnchors: root.pem, now: () => NOW }).verify({
      certificate: leafOf(root, { san: { ip: [bytes] } }).pem,
    });
    expect(identity.san.ip).toEqual([text]);
  });
});
