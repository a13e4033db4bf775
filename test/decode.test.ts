import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeClientCert, decodeClientCertChain } from '../src/decode';
import { DEFAULT_LIMITS } from '../src/options';
import { parseCertificate } from '../src/certificate-input';
import { codeOf } from './helpers/codes';
import { describeConformance } from './helpers/conformance';
import { makePki } from './helpers/pki';

const limits = { ...DEFAULT_LIMITS };
const { leaf, intermediate } = makePki('Decode');
const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');
const good = `:${b64(leaf.der)}:`;

/** The full decode path a header value takes: RFC 8941 parse, then exactly one DER certificate. */
function decodeLeaf(lines: string[]): void {
  parseCertificate(decodeClientCert(lines, limits));
}
function decodeChain(lines: string[]): void {
  decodeClientCertChain(lines, limits).forEach((der) => parseCertificate(der));
}

describe('Client-Cert decoding', () => {
  it('accepts one byte sequence holding one DER certificate', () => {
    expect(Buffer.from(decodeClientCert([good], limits)).equals(Buffer.from(leaf.der))).toBe(true);
    expect(codeOf(() => decodeLeaf([` ${good} `]))).toBe('ACCEPTED');
  });

  it.each<[string, string[]]>([
    ['duplicate field lines', [good, good]],
    ['a list', [`${good}, ${good}`]],
    ['parameters', [`${good};a=1`]],
    ['missing colons', [b64(leaf.der)]],
    ['missing end colon', [`:${b64(leaf.der)}`]],
    ['PEM instead of DER', [`:${leaf.pem}:`]],
    ['PEM text base64-encoded', [`:${Buffer.from(leaf.pem).toString('base64')}:`]],
    ['base64url alphabet', [`:${Buffer.from(leaf.der).toString('base64url')}:`]],
    ['empty ::', ['::']],
    ['empty value', ['']],
    ['random bytes', [`:${b64(Buffer.from('8f3a9c0011223344556677', 'hex'))}:`]],
    ['trailing bytes after the DER', [`:${b64(Buffer.concat([leaf.der, Buffer.from([0, 0])]))}:`]],
    ['a token', ['abc']],
    ['a string', ['"abc"']],
    ['an inner list', [`(${good})`]],
    ['an integer', ['42']],
    ['whitespace inside', [`:${b64(leaf.der).slice(0, 10)} ${b64(leaf.der).slice(10)}:`]],
    ['a non-ASCII byte', [`:${b64(leaf.der)}\u00e9:`]],
  ])('%s is ERR_CLIENT_CERT_MALFORMED', (_name, lines) => {
    expect(codeOf(() => decodeLeaf(lines))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });

  it('is ERR_CLIENT_CERT_TOO_LARGE over limits.certBytes, before parsing', () => {
    expect(codeOf(() => decodeClientCert([`:${'A'.repeat(limits.certBytes)}:`], limits))).toBe('ERR_CLIENT_CERT_TOO_LARGE');
    expect(codeOf(() => decodeClientCert([good], { ...limits, certBytes: 100 }))).toBe('ERR_CLIENT_CERT_TOO_LARGE');
  });

  it('never echoes header bytes in the message', () => {
    try {
      decodeLeaf([':c2VjcmV0LXZhbHVl:']);
    } catch (err) {
      expect((err as Error).message).not.toContain('c2VjcmV0');
    }
  });
});

describe('Client-Cert-Chain decoding', () => {
  const member = `:${b64(intermediate.der)}:`;
  it('accepts a list over one or several field lines', () => {
    expect(decodeClientCertChain([`${member}, ${member}`], limits)).toHaveLength(2);
    expect(decodeClientCertChain([member, member], limits)).toHaveLength(2);
    expect(decodeClientCertChain([], limits)).toHaveLength(0);
  });

  it.each<[string, string[]]>([
    ['a token member', [`${member}, tok`]],
    ['a parameterised member', [`${member};p=1`]],
    ['a string member', [`"x", ${member}`]],
    ['an inner list member', [`(${member})`]],
    ['an empty member', [`${member}, ::`]],
    ['a trailing comma', [`${member},`]],
    ['a non-certificate member', [`${member}, :${b64(Buffer.from('hello'))}:`]],
    ['a bad base64 member', [`:@@@@:`]],
  ])('%s is ERR_CLIENT_CERT_MALFORMED', (_name, lines) => {
    expect(codeOf(() => decodeChain(lines))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });

  it('is ERR_CLIENT_CERT_TOO_LARGE over limits.chainBytes or limits.chainCount', () => {
    expect(codeOf(() => decodeClientCertChain(Array(3).fill(member), { ...limits, chainCount: 2 }))).toBe('ERR_CLIENT_CERT_TOO_LARGE');
    expect(codeOf(() => decodeClientCertChain([member, member], { ...limits, chainBytes: member.length + 1 }))).toBe(
      'ERR_CLIENT_CERT_TOO_LARGE',
    );
  });
});

interface SfTest {
  name: string;
  raw: string[];
  header_type: 'item' | 'list' | 'dictionary';
  must_fail?: boolean;
  can_fail?: boolean;
  expected?: unknown;
}

describeConformance('httpwg structured-field tests through the decoder', 'structured-field-tests', (dir) => {
  const load = (file: string): SfTest[] => JSON.parse(readFileSync(join(dir, file), 'utf8')) as SfTest[];
  const binary = load('binary.json');
  const listCases = ['list.json', 'listlist.json', 'param-list.json', 'item.json', 'examples.json'].flatMap((f) =>
    load(f).map((t) => ({ ...t, name: `${f}: ${t.name}` })),
  );

  it('the suite is there', () => {
    expect(binary.length).toBeGreaterThan(10);
    expect(listCases.length).toBeGreaterThan(50);
  });

  // Byte-sequence cases: every must_fail fails with MALFORMED, as Client-Cert and as a chain member.
  it.each(binary.filter((t) => t.must_fail).map((t) => [t.name, t] as const))('binary must_fail: %s', (_n, t) => {
    expect(codeOf(() => decodeClientCert(t.raw, limits))).toBe('ERR_CLIENT_CERT_MALFORMED');
    expect(codeOf(() => decodeClientCertChain(t.raw, limits))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });

  // Valid byte sequences decode to the expected bytes (they are not certificates, so the full path refuses them).
  it.each(binary.filter((t) => !t.must_fail && !t.can_fail).map((t) => [t.name, t] as const))('binary valid: %s', (_n, t) => {
    const expected = (t.expected as [{ value: string }, unknown])[0].value;
    const bytes = (() => {
      try {
        return decodeClientCert(t.raw, limits);
      } catch {
        return new Uint8Array(0);
      }
    })();
    expect(base32(bytes)).toBe(expected);
    expect(codeOf(() => decodeLeaf(t.raw))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });

  // Every list/item case either fails to parse or has a member that is not a byte sequence without parameters:
  // none of them is a valid Client-Cert or Client-Cert-Chain.
  it.each(listCases.map((t) => [t.name, t] as const))('%s is refused', (_n, t) => {
    if (t.must_fail || t.header_type !== 'list') expect(codeOf(() => decodeLeaf(t.raw))).toBe('ERR_CLIENT_CERT_MALFORMED');
    if (t.must_fail && t.header_type === 'list') expect(codeOf(() => decodeChain(t.raw))).toBe('ERR_CLIENT_CERT_MALFORMED');
    // An empty field value is an empty list: no chain, which is allowed.
    const emptyList = t.raw.join('').trim() === '';
    if (!emptyList) {
      expect(codeOf(() => decodeChain(t.raw))).toBe('ERR_CLIENT_CERT_MALFORMED');
    }
  });
});

function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}
