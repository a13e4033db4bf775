// One validating fingerprint helper for allowedFingerprints and the guard's fingerprint256: a
// mistyped pin in a guard used to be kept as typed, so it silently never matched.
import { createVerifier, requireClientCert } from '../src/index';
import { normaliseFingerprint256 } from '../src/fingerprint';
import { makePki } from './helpers/pki';

const { root, leaf } = makePki('Pins');
const hex = leaf.fingerprint256;

describe('normaliseFingerprint256', () => {
  it('accepts openssl spelling (colons, upper case) and returns the identity form', () => {
    const colons = hex.toUpperCase().match(/../g)!.join(':');
    expect(normaliseFingerprint256(colons, 'x')).toBe(hex);
    expect(normaliseFingerprint256(hex, 'x')).toBe(hex);
  });

  it.each([
    ['too short', hex.slice(2), /x is not a SHA-256 fingerprint \(64 hex digits, colons allowed\)\. Take it from/],
    ['not hex', `${hex.slice(1)}g`, /not a SHA-256 fingerprint/],
    ['a SHA-1 fingerprint', hex.slice(0, 40), /It looks like a SHA-1 fingerprint \(40 digits\)/],
  ])('refuses %s with a TypeError that says how to fix it', (_name, value, message) => {
    expect(() => normaliseFingerprint256(value, 'x')).toThrow(TypeError);
    expect(() => normaliseFingerprint256(value, 'x')).toThrow(message);
  });

  it('refuses a value that is not a string', () => {
    expect(() => normaliseFingerprint256(42, 'x')).toThrow('x must be a hex string (a SHA-256 fingerprint).');
  });
});

describe('requireClientCert({ fingerprint256 }) validates its pins when the guard is created', () => {
  it('a mistyped pin is a TypeError naming it', () => {
    expect(() => requireClientCert({ fingerprint256: hex.slice(1) })).toThrow(TypeError);
    expect(() => requireClientCert({ fingerprint256: hex.slice(1) })).toThrow(/requireClientCert\(\): `fingerprint256` is not a SHA-256/);
    expect(() => requireClientCert({ fingerprint256: [hex, 'sha256:abc'] })).toThrow(/`fingerprint256\[1\]` is not a SHA-256/);
  });

  it('a well-formed pin in any spelling is accepted', () => {
    expect(typeof requireClientCert({ fingerprint256: hex.toUpperCase().match(/../g)!.join(':') })).toBe('function');
  });

  it('allowedFingerprints uses the same rule and message', () => {
    expect(() => createVerifier({ trustAnchors: root.pem, allowedFingerprints: [hex.slice(0, 40)] })).toThrow(
      /createVerifier\(\): `allowedFingerprints\[0\]` is not a SHA-256 fingerprint.*SHA-1/,
    );
  });
});
