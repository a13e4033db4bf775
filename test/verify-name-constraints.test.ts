// The matching rules of src/verify/name-constraints.ts, one case per rule and per boundary, through
// createVerifier: root → intermediate carrying nameConstraints → leaf carrying the names under test.
import { createVerifier } from '../src/index';
import { NOW, makeCert, name, type CertSpec } from './helpers/pki';
import { ctx, ia5, oid, seq, tlv, utf8 } from './helpers/der';
import { verdictOf, type Verdict } from './helpers/refusal';

const root = makeCert({ subject: { O: 'NC', CN: 'NC Root' }, ca: true });

type Subtree = Uint8Array;
const dns = (v: string): Subtree => ia5(v, 0x82);
const email = (v: string): Subtree => ia5(v, 0x81);
const uri = (v: string): Subtree => ia5(v, 0x86);
const ip = (...bytes: number[]): Subtree => tlv(0x87, Uint8Array.from(bytes));
const dn = (attrs: Record<string, string>): Subtree => ctx(4, name(attrs));
/** otherName [0] with a UTF8String value. */
const otherName = (v: string): Subtree => ctx(0, Uint8Array.from([...oid('1.3.6.1.4.1.55555.7'), ...ctx(0, utf8(v))]));

/** A nameConstraints extension: permitted and excluded GeneralName bases. */
function constraints(permitted: Subtree[], excluded: Subtree[] = []) {
  const parts: Uint8Array[] = [];
  if (permitted.length) parts.push(ctx(0, Uint8Array.from(permitted.flatMap((b) => [...seq(b)]))));
  if (excluded.length) parts.push(ctx(1, Uint8Array.from(excluded.flatMap((b) => [...seq(b)]))));
  return { oid: '2.5.29.30', critical: true, value: seq(...parts) };
}

const v4 = (a: number, b: number, c: number, d: number) => [a, b, c, d];
const mapped = (a: number, b: number, c: number, d: number) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d];
const compatible = (a: number, b: number, c: number, d: number) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a, b, c, d];

/** The verdict on a leaf with `leafSpec` under an intermediate constrained by `nc`. */
async function under(nc: ReturnType<typeof constraints>, leafSpec: Partial<CertSpec> & { sanDer?: Subtree[] }): Promise<Verdict> {
  const ica = makeCert({ subject: { O: 'NC', CN: 'NC ICA' }, issuer: root, ca: true, extensions: [nc] });
  const { sanDer, ...spec } = leafSpec;
  const leaf = makeCert({
    subject: { O: 'NC', CN: 'leaf' },
    issuer: ica,
    ...spec,
    ...(sanDer ? { extensions: [{ oid: '2.5.29.17', value: seq(...sanDer) }] } : {}),
  });
  return verdictOf(createVerifier({ trustAnchors: root.pem, now: () => NOW }).verify({ certificate: leaf.pem, chain: [ica.pem] }));
}

const OK = 'ACCEPTED';
const refused = (reason: string) => ({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason });
const NOT_PERMITTED = refused('name-constraints-not-permitted');
const EXCLUDED = refused('name-constraints-excluded');

describe('dNSName', () => {
  it.each<[string, Subtree[], Subtree[], string, Verdict]>([
    ['the constraint itself', [dns('example.com')], [], 'example.com', OK],
    ['a subdomain', [dns('example.com')], [], 'a.b.example.com', OK],
    ['another case, and a constraint with a trailing dot', [dns('Example.COM.')], [], 'A.EXAMPLE.com', OK],
    ['a name that only ends with the same letters', [dns('example.com')], [], 'badexample.com', NOT_PERMITTED],
    ['another domain', [dns('example.com')], [], 'example.org', NOT_PERMITTED],
    ['an empty constraint (every name)', [dns('')], [], 'anything.test', OK],
    ['an excluded subdomain', [], [dns('example.com')], 'a.example.com', EXCLUDED],
    ['a name beside an excluded one', [], [dns('example.com')], 'example.net', OK],
    ['a wildcard over an excluded domain', [], [dns('example.com')], '*.example.com', EXCLUDED],
    ['a wildcard one label above an excluded domain', [], [dns('example.com')], '*.com', EXCLUDED],
    ['a wildcard two labels above an excluded domain', [], [dns('a.example.com')], '*.com', OK],
    ['a wildcard beside an excluded domain', [], [dns('example.com')], '*.example.net', OK],
    ['a wildcard under a permitted domain', [dns('example.com')], [], '*.example.com', OK],
  ])('%s', async (_name, permitted, excluded, san, expected) => {
    expect(await under(constraints(permitted, excluded), { san: { dns: [san] } })).toEqual(expected);
  });

  it('a permitted dNSName with a leading period is an invalid constraint', async () => {
    expect(await under(constraints([dns('.example.com')]), { san: { dns: ['a.example.com'] } })).toEqual(
      refused('name-constraints-invalid'),
    );
    expect(await under(constraints([], [dns('.example.com')]), { san: { dns: ['a.example.org'] } })).toEqual(
      refused('name-constraints-invalid'),
    );
  });
});

describe('rfc822Name', () => {
  it.each<[string, Subtree, string, Verdict]>([
    ['a mailbox, exactly', email('alice@example.com'), 'alice@example.com', OK],
    ['a mailbox, host in another case', email('alice@example.com'), 'alice@EXAMPLE.com', OK],
    ['a mailbox, local part in another case', email('alice@example.com'), 'Alice@example.com', NOT_PERMITTED],
    ['another mailbox on the host', email('alice@example.com'), 'bob@example.com', NOT_PERMITTED],
    ['a host', email('example.com'), 'bob@Example.com', OK],
    ['a host, and a mailbox below it', email('example.com'), 'bob@mail.example.com', NOT_PERMITTED],
    ['a domain', email('.example.com'), 'bob@mail.example.com', OK],
    ['a domain, and a mailbox on the domain itself', email('.example.com'), 'bob@example.com', NOT_PERMITTED],
  ])('%s', async (_name, constraint, san, expected) => {
    expect(await under(constraints([constraint]), { san: { email: [san] } })).toEqual(expected);
  });

  it('the emailAddress attribute of the subject is checked like an rfc822Name', async () => {
    const subject = { O: 'NC', CN: 'leaf', emailAddress: 'eve@evil.example' };
    expect(await under(constraints([email('example.com')]), { subject })).toEqual(NOT_PERMITTED);
    expect(await under(constraints([email('evil.example')]), { subject })).toBe(OK);
    // An emailAddress without a local part is no mailbox on the permitted host.
    expect(await under(constraints([email('evil.example')]), { subject: { ...subject, emailAddress: '@evil.example' } })).toEqual(
      NOT_PERMITTED,
    );
  });
});

describe('uniformResourceIdentifier', () => {
  it.each<[string, Subtree[], Subtree[], string, Verdict]>([
    ['the host', [uri('example.com')], [], 'https://example.com/path', OK],
    ['the host, with user, port and case', [uri('example.com')], [], 'HTTPS://user@EXAMPLE.com:8443/p?q#f', OK],
    ['a subdomain of a host constraint', [uri('example.com')], [], 'https://a.example.com/', NOT_PERMITTED],
    ['a domain constraint', [uri('.example.com')], [], 'https://a.example.com/', OK],
    ['the domain itself under a domain constraint', [uri('.example.com')], [], 'https://example.com/', NOT_PERMITTED],
    ['a URI without a host under a permitted subtree', [uri('example.com')], [], 'urn:example:x', NOT_PERMITTED],
    ['an excluded host', [], [uri('evil.example')], 'https://evil.example/', EXCLUDED],
    ['another host under an excluded subtree', [], [uri('evil.example')], 'https://good.example/', OK],
    [
      'a URI without a host under an excluded subtree',
      [],
      [uri('evil.example')],
      'urn:example:x',
      refused('name-constraints-uri-without-host'),
    ],
    [
      'an empty authority under an excluded subtree',
      [],
      [uri('evil.example')],
      'file:///etc/passwd',
      refused('name-constraints-uri-without-host'),
    ],
    ['a URI without a host under an excluded subtree of another type', [], [dns('evil.example')], 'urn:example:x', OK],
  ])('%s', async (_name, permitted, excluded, san, expected) => {
    expect(await under(constraints(permitted, excluded), { san: { uri: [san] } })).toEqual(expected);
  });
});

describe('iPAddress', () => {
  const ten = ip(10, 0, 0, 0, 255, 0, 0, 0);
  it.each<[string, Subtree[], Subtree[], number[], Verdict]>([
    ['inside a permitted IPv4 range', [ten], [], v4(10, 1, 2, 3), OK],
    ['outside a permitted IPv4 range', [ten], [], v4(11, 1, 2, 3), NOT_PERMITTED],
    ['an IPv4-mapped IPv6 address inside a permitted IPv4 range', [ten], [], mapped(10, 1, 2, 3), OK],
    ['an IPv4-mapped IPv6 address outside a permitted IPv4 range', [ten], [], mapped(11, 1, 2, 3), NOT_PERMITTED],
    ['an IPv4-mapped IPv6 address inside an excluded IPv4 range', [], [ten], mapped(10, 9, 9, 9), EXCLUDED],
    [
      'an IPv4 address in the excluded mapped IPv6 range',
      [],
      [ip(...mapped(10, 0, 0, 0), ...[...Array(12).fill(255), 255, 0, 0, 0])],
      v4(10, 2, 3, 4),
      EXCLUDED,
    ],
    ['an IPv4-compatible address under an IPv4 constraint', [], [ten], compatible(10, 1, 2, 3), refused('name-constraints-ip-ambiguous')],
    ['::1 under an excluded IPv4 range', [], [ten], compatible(0, 0, 0, 1), OK],
    ['::2 under an excluded IPv4 range', [], [ten], compatible(0, 0, 0, 2), refused('name-constraints-ip-ambiguous')],
    ['::0.0.1.0 under an excluded IPv4 range', [], [ten], compatible(0, 0, 1, 0), refused('name-constraints-ip-ambiguous')],
    [
      'an IPv4-compatible address under an IPv6 constraint only',
      [],
      [ip(...Array(16).fill(0xfe), ...Array(16).fill(255))],
      compatible(10, 1, 2, 3),
      OK,
    ],
    ['the last byte of the mask counts', [ip(10, 0, 0, 0, 255, 255, 255, 254)], [], v4(10, 0, 0, 1), OK],
    ['the last byte of the mask counts (outside)', [ip(10, 0, 0, 0, 255, 255, 255, 254)], [], v4(10, 0, 0, 2), NOT_PERMITTED],
  ])('%s', async (_name, permitted, excluded, address, expected) => {
    expect(await under(constraints(permitted, excluded), { sanDer: [ip(...address)] })).toEqual(expected);
  });
});

describe('directoryName', () => {
  it.each<[string, Record<string, string>, Record<string, string>, Verdict]>([
    ['a subject under the permitted prefix', { O: 'NC' }, { O: 'NC', CN: 'leaf' }, OK],
    ['a subject equal to the permitted name', { O: 'NC', CN: 'leaf' }, { O: 'NC', CN: 'leaf' }, OK],
    ['a subject outside the permitted prefix', { O: 'Other' }, { O: 'NC', CN: 'leaf' }, NOT_PERMITTED],
    ['a constraint longer than the subject', { O: 'NC', OU: 'x', CN: 'leaf' }, { O: 'NC', CN: 'leaf' }, NOT_PERMITTED],
  ])('%s', async (_name, constraint, subject, expected) => {
    expect(await under(constraints([dn(constraint)]), { subject })).toEqual(expected);
  });

  it('an excluded prefix', async () => {
    expect(await under(constraints([], [dn({ O: 'NC' })]), {})).toEqual(EXCLUDED);
    expect(await under(constraints([], [dn({ O: 'Other' })]), {})).toBe(OK);
  });
});

describe('forms and sets', () => {
  it('an otherName under an otherName constraint cannot be evaluated; under a dNSName constraint it is not constrained', async () => {
    expect(await under(constraints([], [otherName('x')]), { sanDer: [otherName('y')] })).toEqual(
      refused('name-constraints-unsupported-form'),
    );
    expect(await under(constraints([dns('example.com')]), { sanDer: [otherName('y'), dns('a.example.com')] })).toBe(OK);
  });

  it('a name type without a permitted subtree of its type is not constrained by the others', async () => {
    expect(await under(constraints([dns('example.com')]), { san: { email: ['x@elsewhere.test'] } })).toBe(OK);
    expect(await under(constraints([dns('example.com')]), { san: { dns: ['a.example.com', 'b.elsewhere.test'] } })).toEqual(NOT_PERMITTED);
  });

  it("both CAs' constraints apply, not the last one's alone", async () => {
    const rootNc = makeCert({ subject: { O: 'NC', CN: 'NC Root 2' }, ca: true, extensions: [constraints([dns('example.com')])] });
    const ica = makeCert({
      subject: { O: 'NC', CN: 'NC ICA 2' },
      issuer: rootNc,
      ca: true,
      extensions: [constraints([dns('example.org')])],
    });
    const verify = (san: string) =>
      verdictOf(
        createVerifier({ trustAnchors: rootNc.pem, now: () => NOW }).verify({
          certificate: makeCert({ subject: { O: 'NC', CN: 'leaf' }, issuer: ica, san: { dns: [san] } }).pem,
          chain: [ica.pem],
        }),
      );
    expect(await verify('a.example.org')).toEqual(NOT_PERMITTED);
    expect(await verify('a.example.com')).toEqual(NOT_PERMITTED);
  });

  it('the messages name the rule and the name', async () => {
    const ica = makeCert({
      subject: { O: 'NC', CN: 'NC ICA 3' },
      issuer: root,
      ca: true,
      extensions: [constraints([dns('example.com')], [email('evil.example')])],
    });
    const message = async (spec: Partial<CertSpec>) =>
      createVerifier({ trustAnchors: root.pem, now: () => NOW })
        .verify({ certificate: makeCert({ subject: { O: 'NC', CN: 'leaf' }, issuer: ica, ...spec }).pem, chain: [ica.pem] })
        .then(
          () => 'accepted',
          (e: Error) => e.message,
        );
    expect(await message({ san: { dns: ['a.example.net'] } })).toContain(
      'its DNS name a.example.net is outside the permitted name-constraint subtrees',
    );
    expect(await message({ san: { email: ['x@evil.example'] } })).toContain(
      'its email name x@evil.example is in an excluded name-constraint subtree',
    );
  });
});

describe('the work limit: names × subtrees at most 65536', () => {
  const subtrees = [dns('example.com'), ...Array.from({ length: 255 }, (_, i) => dns(`other${i}.test`))];
  const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}.example.com`);
  it('256 names (the subject and 255 SANs) against 256 subtrees pass', async () => {
    expect(await under(constraints(subtrees), { san: { dns: names(255) } })).toBe(OK);
  });
  it('257 names against 256 subtrees are refused', async () => {
    expect(await under(constraints(subtrees), { san: { dns: names(256) } })).toEqual(refused('name-constraints-work-limit'));
  });
});
