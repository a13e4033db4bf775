// The rules of the RFC 9440 field decoder pinned one by one: each refusal's code, reason and (for
// the hints users read) its exact message, and each size limit at its bound. Written against the
// mutants that survived the mutation run of src/decode.ts (docs/MUTATION-REPORT.md).
import { decodeClientCert, decodeClientCertChain } from '../src/decode';
import { ClientCertError } from '../src/errors';

const LIMITS = { certBytes: 10240, chainBytes: 16384, chainCount: 10 };
/** A short canonical byte sequence (the decoder does not parse DER). */
const MEMBER = ':QUJD:';

interface Refusal {
  code: string;
  reason: string;
  status: number;
  message: string;
}

/** The refusal `fn` throws; fails the test when it throws anything else or nothing. */
function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    const { code, reason, status, message } = err as ClientCertError;
    return { code, reason, status, message };
  }
  throw new Error('expected a refusal, got an accepted field');
}

const malformed = (reason: string, message: string): Refusal => ({ code: 'ERR_CLIENT_CERT_MALFORMED', reason, status: 400, message });
const tooLarge = (reason: string, message: string): Refusal => ({ code: 'ERR_CLIENT_CERT_TOO_LARGE', reason, status: 431, message });

const PEM_HINT =
  'holds PEM, not an RFC 8941 byte sequence (:<base64 DER>:). Have the proxy send RFC 9440 values, ' +
  "or declare this proxy's format: trustedProxies: [{ addresses, format: 'escaped-pem' }] for URL-escaped PEM " +
  "(nginx $ssl_client_escaped_cert), 'base64-der' for bare base64 DER, 'envoy-xfcc' for Envoy";
const XFCC_HINT =
  'holds an Envoy x-forwarded-client-cert value, not an RFC 8941 byte sequence: ' +
  "declare this proxy's format: trustedProxies: [{ addresses, format: 'envoy-xfcc', header: '<the field it sets>' }]";
const BARE_HINT =
  "holds base64 without the colons of an RFC 8941 byte sequence: send :<base64 DER>:, or declare this proxy's format: " +
  "trustedProxies: [{ addresses, format: 'base64-der' }]";

describe('format hints name the field and the format it looks like', () => {
  it('PEM in Client-Cert', () => {
    expect(refusal(() => decodeClientCert(['-----BEGIN CERTIFICATE-----'], LIMITS))).toEqual(
      malformed('field-is-pem', `Client-Cert ${PEM_HINT}`),
    );
  });

  it('PEM after leading whitespace is still recognised (the value is trimmed at its start)', () => {
    expect(refusal(() => decodeClientCert(['  -----BEGIN CERTIFICATE-----'], LIMITS)).reason).toBe('field-is-pem');
  });

  it('an Envoy XFCC value in Client-Cert', () => {
    expect(refusal(() => decodeClientCert(['By=spiffe://a/b;Hash=00ff;Subject=""'], LIMITS))).toEqual(
      malformed('field-is-xfcc', `Client-Cert ${XFCC_HINT}`),
    );
  });

  it('an XFCC key only counts at the start of the value', () => {
    // A token that merely contains "DNS=" further on is bare base64 if anything, never XFCC.
    expect(refusal(() => decodeClientCert(['MIIBDNS=x'], LIMITS)).reason).toBe('field-is-bare-base64');
    expect(refusal(() => decodeClientCert(['abc,URI=x'], LIMITS)).reason).toBe('field-not-byte-sequence');
  });

  it('bare base64 DER in Client-Cert', () => {
    expect(refusal(() => decodeClientCert(['MIIBIjANBgkq'], LIMITS))).toEqual(
      malformed('field-is-bare-base64', `Client-Cert ${BARE_HINT}`),
    );
  });

  it('anything else in Client-Cert that the parser refuses', () => {
    expect(refusal(() => decodeClientCert(['@@'], LIMITS))).toEqual(
      malformed('field-not-byte-sequence', 'Client-Cert is not an RFC 8941 byte sequence (:<base64 DER>:)'),
    );
  });

  it('a valid item that is not a byte sequence gets the hints too, not the bare member refusal', () => {
    expect(refusal(() => decodeClientCert(['"abc"'], LIMITS))).toEqual(
      malformed('field-not-byte-sequence', 'Client-Cert is not an RFC 8941 byte sequence (:<base64 DER>:)'),
    );
    // A token starting MII parses as an item: still the bare-base64 hint.
    expect(refusal(() => decodeClientCert(['MIIabc'], LIMITS)).reason).toBe('field-is-bare-base64');
  });

  it('the hints name Client-Cert-Chain for the chain field', () => {
    expect(refusal(() => decodeClientCertChain(['-----BEGIN CERTIFICATE-----'], LIMITS))).toEqual(
      malformed('field-is-pem', `Client-Cert-Chain ${PEM_HINT}`),
    );
  });

  it('the chain hint looks at the field lines combined with ", ", as the parser does', () => {
    // An empty first line combines to ", MII…": no hint applies, though the second line alone looks like bare base64.
    expect(refusal(() => decodeClientCertChain(['', 'MIIBIjANBgkq'], LIMITS))).toEqual(
      malformed('field-not-byte-sequence', 'Client-Cert-Chain is not an RFC 8941 byte sequence (:<base64 DER>:)'),
    );
  });
});

describe('Client-Cert byte sequence rules', () => {
  it('a repeated field', () => {
    expect(refusal(() => decodeClientCert([MEMBER, MEMBER], LIMITS))).toEqual(
      malformed('field-repeated', 'Client-Cert must appear exactly once'),
    );
  });

  it('parameters', () => {
    expect(refusal(() => decodeClientCert([`${MEMBER};a=1`], LIMITS))).toEqual(
      malformed('field-parameters', 'Client-Cert must not carry parameters'),
    );
  });

  it('an empty byte sequence, canonical or not', () => {
    const empty = malformed('field-empty', 'Client-Cert is an empty byte sequence');
    expect(refusal(() => decodeClientCert(['::'], LIMITS))).toEqual(empty);
    // Leading whitespace leaves the canonical shortcut: the general parser's refusal is the same.
    expect(refusal(() => decodeClientCert([' ::'], LIMITS))).toEqual(empty);
  });

  it('a lone colon is not a byte sequence (not an empty one)', () => {
    expect(refusal(() => decodeClientCert([':'], LIMITS))).toEqual(
      malformed('field-not-byte-sequence', 'Client-Cert is not an RFC 8941 byte sequence (:<base64 DER>:)'),
    );
  });

  it('limits.certBytes: a line of exactly the limit passes, one byte more is refused', () => {
    const line = `:${'QUJD'.repeat(24)}:`; // 98 characters
    expect(Array.from(decodeClientCert([line], { ...LIMITS, certBytes: line.length }))).toHaveLength(72);
    expect(refusal(() => decodeClientCert([line], { ...LIMITS, certBytes: line.length - 1 }))).toEqual(
      tooLarge('field-too-large', `Client-Cert is longer than ${line.length - 1} bytes`),
    );
  });

  it('the Client-Cert field is not held to the chain limits', () => {
    expect(Array.from(decodeClientCert([MEMBER], { ...LIMITS, chainBytes: 1 }))).toEqual([0x41, 0x42, 0x43]);
  });
});

describe('Client-Cert-Chain rules', () => {
  it('no field lines: no chain, whatever the limits', () => {
    expect(decodeClientCertChain([], { ...LIMITS, chainBytes: 1, chainCount: 1 })).toEqual([]);
  });

  it('the chain field is not held to the Client-Cert limit', () => {
    expect(decodeClientCertChain([MEMBER], { ...LIMITS, certBytes: 1 })).toHaveLength(1);
  });

  it('limits.chainBytes counts the ", " that joins field lines, at its exact bound', () => {
    const lines = [MEMBER, MEMBER]; // 6 + 6 + 2 combined
    expect(decodeClientCertChain(lines, { ...LIMITS, chainBytes: 14 })).toHaveLength(2);
    expect(refusal(() => decodeClientCertChain(lines, { ...LIMITS, chainBytes: 13 }))).toEqual(
      tooLarge('chain-field-too-large', 'Client-Cert-Chain is longer than 13 bytes'),
    );
    // One line: no separator.
    expect(decodeClientCertChain([MEMBER], { ...LIMITS, chainBytes: 6 })).toHaveLength(1);
  });

  it('limits.chainCount', () => {
    expect(refusal(() => decodeClientCertChain([MEMBER, MEMBER, MEMBER], { ...LIMITS, chainCount: 2 }))).toEqual(
      tooLarge('chain-too-many', 'Client-Cert-Chain has more than 2 certificates'),
    );
  });

  it('an inner list member, named by its position', () => {
    expect(refusal(() => decodeClientCertChain([`${MEMBER}, (${MEMBER})`], LIMITS))).toEqual(
      malformed('chain-member-inner-list', 'Client-Cert-Chain member 2 is an inner list, not a byte sequence'),
    );
  });

  it('a member that is not a byte sequence, named by its position', () => {
    expect(refusal(() => decodeClientCertChain([`${MEMBER}, tok`], LIMITS))).toEqual(
      malformed('field-not-byte-sequence', 'Client-Cert-Chain member 2 is not an RFC 8941 byte sequence (:base64:)'),
    );
  });

  it('a member with parameters, named by its position', () => {
    expect(refusal(() => decodeClientCertChain([`${MEMBER}, ${MEMBER};p=1`], LIMITS))).toEqual(
      malformed('field-parameters', 'Client-Cert-Chain member 2 must not carry parameters'),
    );
  });

  it('an empty member, named by its position', () => {
    expect(refusal(() => decodeClientCertChain([`${MEMBER}, ::`], LIMITS))).toEqual(
      malformed('field-empty', 'Client-Cert-Chain member 2 is an empty byte sequence'),
    );
  });
});
