// What the mutation run of src/verify/name-constraints.ts left unpinned: trailing dots, URIs whose
// scheme is not at the start or whose host is an IPv6 literal, IPv6 addresses that only end like
// an IPv4 one, the IPv4-compatible test byte by byte, constraints of several forms in one
// extension, and the text of each refusal. Each case asserts the exact code and reason.
import { createVerifier, type VerifierOptions } from '../src/index';
import { NOW, makeCert, name, type CertSpec } from './helpers/pki';
import { ctx, ia5, oid, seq, set, tlv, utf8 } from './helpers/der';

const root = makeCert({ subject: { O: 'NCMut', CN: 'Root' }, ca: true });

type Subtree = Uint8Array;
const dns = (v: string): Subtree => ia5(v, 0x82);
const uri = (v: string): Subtree => ia5(v, 0x86);
const ip = (...bytes: number[]): Subtree => tlv(0x87, Uint8Array.from(bytes));
const dn = (attrs: Record<string, string>): Subtree => ctx(4, name(attrs));
const otherName = (v: string): Subtree => ctx(0, Uint8Array.from([...oid('1.3.6.1.4.1.55555.7'), ...ctx(0, utf8(v))]));
/** registeredID [8]: an OBJECT IDENTIFIER's content, implicitly tagged. */
const registeredId = (dotted: string): Subtree => tlv(0x88, oid(dotted).subarray(2));

function constraints(permitted: Subtree[], excluded: Subtree[] = []) {
  const parts: Uint8Array[] = [];
  if (permitted.length) parts.push(ctx(0, Uint8Array.from(permitted.flatMap((b) => [...seq(b)]))));
  if (excluded.length) parts.push(ctx(1, Uint8Array.from(excluded.flatMap((b) => [...seq(b)]))));
  return { oid: '2.5.29.30', critical: true, value: seq(...parts) };
}

type Outcome = 'accepted' | { code: string; reason: string; message: string };

/** The outcome for a leaf with `sanDer` (and `spec`) under an intermediate constrained by `nc`. */
function under(
  nc: ReturnType<typeof constraints>,
  sanDer: Subtree[],
  spec: Partial<CertSpec> = {},
  options: Partial<VerifierOptions> = {},
): Promise<Outcome> {
  const ica = makeCert({ subject: { O: 'NCMut', CN: 'ICA' }, issuer: root, ca: true, extensions: [nc] });
  const leaf = makeCert({
    subject: { O: 'NCMut', CN: 'leaf' },
    issuer: ica,
    ...spec,
    ...(sanDer.length ? { extensions: [{ oid: '2.5.29.17', value: seq(...sanDer) }] } : {}),
  });
  return createVerifier({ trustAnchors: root.pem, now: () => NOW, ...options })
    .verify({ certificate: leaf.pem, chain: [ica.pem] })
    .then(
      () => 'accepted' as const,
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
}

const OK = 'accepted';
const refused = (reason: string) => ({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason });
const NOT_PERMITTED = refused('name-constraints-not-permitted');
const EXCLUDED = refused('name-constraints-excluded');
const NO_PROFILE = { requiredEku: null };
const ten = ip(10, 0, 0, 0, 255, 0, 0, 0);

async function expectOutcome(result: Promise<Outcome>, expected: typeof OK | { code: string; reason: string }) {
  const r = await result;
  if (expected === OK) expect(r).toBe(OK);
  else expect(r).toMatchObject(expected);
}

describe('dNSName trailing dots (RFC 5280 §6 alone: the profile refuses such names before)', () => {
  it('a name with a trailing dot is the name without it', async () => {
    await expectOutcome(under(constraints([dns('example.com')]), [dns('a.example.com.')], {}, NO_PROFILE), OK);
  });

  it('only one trailing dot is dropped from a constraint: "example.com.." is no suffix of "xexample.com.."', async () => {
    await expectOutcome(under(constraints([dns('example.com..')]), [dns('xexample.com..')], {}, NO_PROFILE), NOT_PERMITTED);
    await expectOutcome(under(constraints([dns('example.com..')]), [dns('a.example.com..')], {}, NO_PROFILE), OK);
  });

  it('an excluded constraint with a trailing dot still catches a wildcard one label above it', async () => {
    await expectOutcome(under(constraints([], [dns('example.com.')]), [dns('*.com')]), EXCLUDED);
  });
});

describe('uniformResourceIdentifier hosts', () => {
  it('the scheme must start the URI: a URI that only contains "http://host" has no host', async () => {
    await expectOutcome(
      under(constraints([], [uri('evil.example')]), [uri('urn:http://evil.example/')]),
      refused('name-constraints-uri-without-host'),
    );
  });

  it('an IPv6 literal host is compared whole', async () => {
    await expectOutcome(under(constraints([uri('[2001:db8::1]')]), [uri('https://[2001:db8::1]/x')]), OK);
  });

  it('a URI without a host is refused whenever some excluded subtree is a URI, beside other forms', async () => {
    const result = await under(constraints([], [dns('x.example'), uri('evil.example')]), [uri('urn:example:x')]);
    expect(result).toMatchObject(refused('name-constraints-uri-without-host'));
    expect((result as { message: string }).message).toContain(
      'is refused: its URI urn:example:x has no host to check against the excluded subtrees',
    );
  });
});

describe('iPAddress', () => {
  it('an IPv6 address that merely ends with the bytes of an excluded IPv4 range is not in it', async () => {
    await expectOutcome(under(constraints([], [ten]), [ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1)]), OK);
  });

  it('::0.1.0.0 is IPv4-compatible, not the unspecified or loopback address', async () => {
    const result = await under(constraints([], [ten]), [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0)]);
    expect(result).toMatchObject(refused('name-constraints-ip-ambiguous'));
    expect((result as { message: string }).message).toContain(
      'is refused: its IP address name is an IPv4-compatible IPv6 address (::a.b.c.d), which cannot be checked against IPv4 name constraints unambiguously',
    );
  });

  it('an IPv4 constraint beside a constraint of another form still makes IPv4-compatible addresses ambiguous', async () => {
    await expectOutcome(
      under(constraints([], [dns('x.example'), ten]), [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 1, 2, 3)]),
      refused('name-constraints-ip-ambiguous'),
    );
  });

  it('an address outside the permitted ranges is named as an IP address name', async () => {
    const result = await under(constraints([ten]), [ip(11, 0, 0, 1)]);
    expect(result).toMatchObject(NOT_PERMITTED);
    expect((result as { message: string }).message).toContain(
      'is refused: its IP address name is outside the permitted name-constraint subtrees',
    );
  });
});

describe('forms the verifier cannot compare', () => {
  it('an otherName is not constrained by a constraint of another unsupported form', async () => {
    await expectOutcome(under(constraints([], [registeredId('1.3.6.1.4.1.55555.9')]), [otherName('y')]), OK);
  });

  it('under a constraint of its own form it is refused, naming the form', async () => {
    const result = await under(constraints([], [otherName('x')]), [otherName('y')]);
    expect(result).toMatchObject(refused('name-constraints-unsupported-form'));
    expect((result as { message: string }).message).toContain(
      'is refused: it has a subjectAltName of type [0] under name constraints of that type, which cannot be evaluated',
    );
  });
});

describe('the texts of the other refusals', () => {
  it('a subject outside the permitted directory names is named as the subject name', async () => {
    const result = await under(constraints([dn({ O: 'Elsewhere' })]), []);
    expect(result).toMatchObject(NOT_PERMITTED);
    expect((result as { message: string }).message).toContain(
      'is refused: its subject name is outside the permitted name-constraint subtrees',
    );
  });

  it('a subject in an excluded directory name too', async () => {
    const result = await under(constraints([], [dn({ O: 'NCMut' })]), []);
    expect(result).toMatchObject(EXCLUDED);
    expect((result as { message: string }).message).toContain('is refused: its subject name is in an excluded name-constraint subtree');
  });

  it('a dNSName constraint with a leading period, quoted', async () => {
    const result = await under(constraints([dns('.example.com')]), [dns('a.example.com')]);
    expect(result).toMatchObject(refused('name-constraints-invalid'));
    expect((result as { message: string }).message).toContain('its dNSName constraint ".example.com" has a leading period');
  });

  it('the work limit, with both counts', async () => {
    const subtrees = Array.from({ length: 256 }, (_, i) => dns(`n${i}.example`));
    const sans = Array.from({ length: 256 }, (_, i) => dns(`s${i}.example`));
    const result = await under(constraints(subtrees), sans);
    expect(result).toMatchObject(refused('name-constraints-work-limit'));
    expect((result as { message: string }).message).toContain('checking its 257 names against 256 name constraints exceeds the work limit');
  });
});

it('hosts are compared in lower case: an emailAddress host with "ß" is not the constraint "ss.example"', async () => {
  // The subject's emailAddress attribute may be a UTF8String; upper-casing would turn "ß" into "SS".
  const subject = seq(set(seq(oid('2.5.4.10'), utf8('NCMut'))), set(seq(oid('1.2.840.113549.1.9.1'), utf8('x@ß.example'))));
  await expectOutcome(under(constraints([ia5('ss.example', 0x81)]), [], { subject }, NO_PROFILE), NOT_PERMITTED);
});
