// What the mutation run of src/x509/certificate.ts found unpinned: every field of the parsed
// certificate as the verifier and the identity read it (each extension decoded into its place, the
// SPKI's parts, the serial forms, self-issued), the public key cache and DSA parameter
// completion, the outer RSASSA-PSS parameters checked at parse time, and the input forms.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { derFromInput, derToBase64, parseCertificateDer, publicKeyOf, serialHex } from '../src/x509/certificate';
import { formatRfc4514 } from '../src/x509/names';
import { ctx, elements, ia5, integer, nul, octets, oid, seq, set, tlv, utf8 } from './helpers/der';
import { derRefusal } from './helpers/der-refusal';
import { makeCert, makeKey, toPem } from './helpers/pki';

const hex = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString('hex'));

const POLICY = '1.2.3.4';
const MAPPED = '1.2.3.5';
const uri = (s: string): Uint8Array => ia5(s, 0x86);

describe('parseCertificateDer: every field in its place', () => {
  const issuer = makeCert({ subject: { O: 'Mut', CN: 'Mut CA' }, ca: true, pathLen: 2 });
  const leaf = makeCert({
    subject: { O: 'Mut', CN: 'leaf', emailAddress: 'leaf@example.com' },
    issuer,
    serial: 0x0102,
    notBefore: new Date('2026-01-02T03:04:05Z'),
    notAfter: new Date('2027-02-03T04:05:06Z'),
    san: { dns: ['leaf.example'] },
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extensions: [
      { oid: '2.5.29.32', value: seq(seq(oid(POLICY), seq(seq(oid('1.9.9'), ia5('x'))))) },
      { oid: '2.5.29.33', value: seq(seq(oid(POLICY), oid(MAPPED))) },
      { oid: '2.5.29.36', value: seq(tlv(0x80, new Uint8Array([1]))) },
      { oid: '2.5.29.54', value: integer(3) },
      { oid: '2.5.29.30', value: seq(ctx(0, seq(ia5('example', 0x82)))) },
      { oid: '2.5.29.31', value: seq(seq(ctx(0, ctx(0, uri('http://crl.example/a.crl'))))) },
    ],
  });
  const parsed = parseCertificateDer(leaf.der);

  it('reads the envelope, the serial, the names and the validity', () => {
    expect(parsed.version).toBe(3);
    expect(parsed.serialNumber).toBe('0102');
    expect(parsed.serialDer).toBe('0102');
    expect(parsed.serialProblem).toBeUndefined();
    expect(parsed.signatureOid).toBe('1.2.840.10045.4.3.2');
    expect(parsed.signatureParams).toBeUndefined();
    expect(parsed.signature.length).toBeGreaterThan(60);
    expect(parsed.subjectString).toBe('1.2.840.113549.1.9.1=#16106c656166406578616d706c652e636f6d,CN=leaf,O=Mut');
    expect(parsed.issuer.key).toBe(parseCertificateDer(issuer.der).subject.key);
    expect(parsed.selfIssued).toBe(false);
    expect(parsed.notBefore.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(parsed.notAfter.toISOString()).toBe('2027-02-03T04:05:06.000Z');
    expect(parsed.fingerprint256).toBe(leaf.fingerprint256);
    expect(parsed.der).toBe(leaf.der);
  });

  it('reads the subject public key info apart', () => {
    expect(parsed.spkiAlgorithm).toBe('1.2.840.10045.2.1');
    expect(parsed.spkiParamsTag).toBe(0x06);
    expect(hex(parsed.spkiParams)).toBe(hex(oid('1.2.840.10045.3.1.7')));
    expect(hex(parsed.spki)).toBe(hex(leaf.key.spki));
    // The BIT STRING whole: tag, length, unused-bits octet, the point.
    expect(parsed.spkiKeyBits[0]).toBe(0x03);
    expect(parsed.spkiKeyBits.length).toBe(2 + 1 + 65);
    expect(hex(parsed.spkiKeyBits)).toBe(hex(leaf.key.spki.subarray(leaf.key.spki.length - 68)));
  });

  it('decodes each extension into its field', () => {
    expect(parsed.extensions.size).toBe(11);
    expect(parsed.basicConstraints).toBeUndefined();
    expect(parseCertificateDer(issuer.der).basicConstraints).toEqual({ ca: true, pathLen: 2 });
    expect(parsed.keyUsage).toBe(0b101);
    expect(parsed.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(parsed.subjectAltNames).toEqual([{ type: 'dns', value: 'leaf.example' }]);
    expect(parsed.subjectKeyId).toHaveLength(20);
    expect(hex(parsed.authorityKeyId?.keyId)).toBe(hex(parseCertificateDer(issuer.der).subjectKeyId));
    expect(parsed.authorityKeyId).toMatchObject({ hasIssuer: false, hasSerial: false });
    expect(parsed.nameConstraints).toEqual({ permitted: [{ base: { type: 'dns', value: 'example' } }], excluded: [] });
    expect(parsed.policies).toEqual([POLICY]);
    expect(parsed.policyQualifierUnknown).toBe('1.9.9');
    expect(parsed.policyMappings).toEqual([[POLICY, MAPPED]]);
    expect(parsed.policyConstraints).toEqual({ requireExplicitPolicy: 1, inhibitPolicyMapping: undefined });
    expect(parsed.inhibitAnyPolicy).toBe(3);
    expect(parsed.crlDistributionPoints).toEqual([
      { fullName: [{ type: 'uri', value: 'http://crl.example/a.crl' }], relativeName: undefined, reasons: undefined, crlIssuer: undefined },
    ]);
    expect(parsed.subjectEmails).toEqual(['leaf@example.com']);
  });

  it('leaves every extension field undefined (and the lists empty) without extensions', () => {
    const bare = parseCertificateDer(makeCert({ subject: 'bare', keyUsage: null, eku: null, noKeyIds: true }).der);
    expect(bare.extensions.size).toBe(0);
    expect(bare.keyUsage).toBeUndefined();
    expect(bare.extKeyUsage).toBeUndefined();
    expect(bare.subjectAltNames).toEqual([]);
    expect(bare.subjectKeyId).toBeUndefined();
    expect(bare.authorityKeyId).toBeUndefined();
    expect(bare.policies).toBeUndefined();
    expect(bare.policyQualifierUnknown).toBeUndefined();
    expect(bare.subjectEmails).toEqual([]);
    expect(bare.selfIssued).toBe(true);
    expect(bare.version).toBe(3);
  });

  it('an emailAddress that is not a string is not a subject email', () => {
    const subject = seq(set(seq(oid('1.2.840.113549.1.9.1'), octets(new Uint8Array([0x61])))), set(seq(oid('2.5.4.3'), utf8('x'))));
    const cert = parseCertificateDer(makeCert({ subject }).der);
    expect(cert.subjectEmails).toEqual([]);
  });

  it('an SPKI without parameters has no parameter tag', () => {
    const ed = parseCertificateDer(makeCert({ subject: 'ed', key: makeKey('ed25519') }).der);
    expect(ed.spkiAlgorithm).toBe('1.3.101.112');
    expect(ed.spkiParamsTag).toBeUndefined();
    expect(ed.spkiParams).toBeUndefined();
  });
});

describe('the access descriptions are checked when the certificate is read', () => {
  it.each([
    ['authorityInfoAccess', '1.3.6.1.5.5.7.1.1'],
    ['subjectInfoAccess', '1.3.6.1.5.5.7.1.11'],
  ])('an empty %s is refused', (_name, extOid) => {
    const der = makeCert({ subject: 'aia', extensions: [{ oid: extOid, value: seq() }] }).der;
    expect(derRefusal(() => parseCertificateDer(der))).toEqual({ message: 'empty info access', reason: 'der-invalid' });
  });

  it('a well-formed one is accepted', () => {
    const value = seq(seq(oid('1.3.6.1.5.5.7.48.1'), uri('http://ocsp.example')));
    expect(() => parseCertificateDer(makeCert({ subject: 'aia', extensions: [{ oid: '1.3.6.1.5.5.7.1.1', value }] }).der)).not.toThrow();
  });
});

describe('the outer RSASSA-PSS parameters', () => {
  const PSS = '1.2.840.113549.1.1.10';
  const withOuter = (outer: Uint8Array): Uint8Array => {
    const cert = makeCert({ subject: 'pss' });
    // Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signature }: swap the algorithm only.
    const parts = [...elements(cert.der)];
    return seq(parts[0], outer, parts[2]);
  };

  it('malformed parameters are refused when the certificate is read', () => {
    expect(
      derRefusal(() => parseCertificateDer(withOuter(seq(oid(PSS), seq(ctx(0, seq(oid('2.16.840.1.101.3.4.2.1'), integer(0)))))))),
    ).toEqual({
      message: 'RSASSA-PSS parameters: hash parameters must be NULL',
      reason: 'pss-params-malformed',
    });
  });

  it('absent parameters are left to the verifier, and other algorithms are not read as PSS', () => {
    expect(parseCertificateDer(withOuter(seq(oid(PSS)))).signatureParams).toBeUndefined();
    const notPss = parseCertificateDer(withOuter(seq(oid('1.2.840.113549.1.1.11'), seq(ctx(0, seq(oid('1.2.3'), integer(0)))))));
    expect(notPss.signatureOid).toBe('1.2.840.113549.1.1.11');
  });
});

describe('serialHex', () => {
  it('drops only the leading zero octets', () => {
    expect(serialHex(new Uint8Array([0x00, 0x00]))).toBe('00');
    expect(serialHex(new Uint8Array([0x01, 0x00]))).toBe('0100');
    expect(serialHex(new Uint8Array([0x7f]))).toBe('7f');
    expect(serialHex(new Uint8Array([0x00, 0x80, 0x01]))).toBe('8001');
  });

  it('a serial with a sign octet is positive, not zero', () => {
    const cert = makeCert({ subject: 'sign', serial: new Uint8Array([0x00, 0x80]) });
    expect(parseCertificateDer(cert.der).serialProblem).toBeUndefined();
    expect(parseCertificateDer(cert.der).serialNumber).toBe('80');
    expect(parseCertificateDer(cert.der).serialDer).toBe('0080');
  });

  it('a 20-octet serial without a sign octet is allowed, 21 are not', () => {
    const twenty = makeCert({ subject: 's20', serial: new Uint8Array(20).fill(0x11) });
    expect(parseCertificateDer(twenty.der).serialProblem).toBeUndefined();
    const signed21 = makeCert({ subject: 's21', serial: new Uint8Array([0x00, 0x80, ...new Array(20).fill(1)]) });
    expect(parseCertificateDer(signed21.der).serialProblem).toBe('its serial number is longer than 20 octets');
  });
});

describe('publicKeyOf', () => {
  it('creates the key once per parsed certificate', () => {
    const cert = parseCertificateDer(makeCert({ subject: 'key' }).der);
    const key = publicKeyOf(cert);
    expect(publicKeyOf(cert)).toBe(key);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(publicKeyOf(parseCertificateDer(cert.der))).not.toBe(key);
  });

  it('completes a DSA key that omits its parameters with the ones given', () => {
    const { publicKey } = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
    const full = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    // SubjectPublicKeyInfo { AlgorithmIdentifier { dsa, Dss-Parms }, BIT STRING }.
    const [alg, bits] = elements(full);
    const [dsaOid, params] = elements(alg);
    const bare = seq(seq(dsaOid), bits);
    const cert = parseCertificateDer(makeCert({ subject: 'dsa', key: { ...makeKey('p256', 'dsa-carrier'), spki: bare } }).der);
    expect(cert.spkiParams).toBeUndefined();
    const completed = publicKeyOf(cert, params);
    expect(completed.asymmetricKeyType).toBe('dsa');
    expect(completed.equals(createPublicKey({ key: Buffer.from(full), format: 'der', type: 'spki' }))).toBe(true);
    // Completed keys are not cached: another issuer's parameters give another key.
    expect(publicKeyOf(cert, params)).not.toBe(completed);
  });
});

describe('input forms', () => {
  const cert = makeCert({ subject: 'input' });

  it('derToBase64 reads only the view it is given', () => {
    const padded = new Uint8Array([0xff, ...cert.der, 0xff]);
    expect(derToBase64(padded.subarray(1, padded.length - 1))).toBe(Buffer.from(cert.der).toString('base64'));
  });

  it('derFromInput takes PEM text, PEM bytes and DER bytes', () => {
    expect(derFromInput(cert.pem).map(hex)).toEqual([hex(cert.der)]);
    expect(derFromInput(new Uint8Array(Buffer.from(cert.pem + cert.pem))).map(hex)).toEqual([hex(cert.der), hex(cert.der)]);
    expect(derFromInput(Buffer.from(cert.pem)).map(hex)).toEqual([hex(cert.der)]);
    expect(derFromInput(cert.der).map(hex)).toEqual([hex(cert.der)]);
    expect(derFromInput('no PEM here')).toEqual([]);
    expect(derFromInput(toPem(cert.der, 'X509 CRL'))).toEqual([]);
  });
});

describe('extensions', () => {
  it('a critical TRUE is read as critical; an absent flag as not critical', () => {
    const der = makeCert({
      subject: 'crit',
      extensions: [
        { oid: '1.2.3.9', critical: true, value: nul() },
        { oid: '1.2.3.10', value: nul() },
      ],
    }).der;
    const exts = parseCertificateDer(der).extensions;
    expect(exts.get('1.2.3.9')).toEqual({ oid: '1.2.3.9', critical: true, value: nul() });
    expect(exts.get('1.2.3.10')).toEqual({ oid: '1.2.3.10', critical: false, value: nul() });
  });
});

describe('each field is named in its refusal', () => {
  const base = makeCert({ subject: 'named', san: { dns: ['n.example'] } });
  const [tbs, sigAlg, sig] = elements(base.der);
  const [version, serial, tbsAlg, issuer, validity, subject, spki] = elements(tbs);
  const cert = (fields: Uint8Array[], outer: Uint8Array[] = [sigAlg, sig]): Uint8Array => seq(seq(...fields), ...outer);
  const ext = (...e: Uint8Array[]): Uint8Array => ctx(3, seq(...e));

  it.each([
    ['the signed part', () => seq(set(), sigAlg, sig), 'TBSCertificate: unexpected tag 0x31'],
    ['the outer algorithm', () => seq(tbs, sig), 'signatureAlgorithm: unexpected tag 0x3'],
    ['the inner algorithm', () => cert([version, serial, set(), issuer, validity, subject, spki]), 'signature: unexpected tag 0x31'],
    ['the issuer', () => cert([version, serial, tbsAlg, set(), validity, subject, spki]), 'issuer: unexpected tag 0x31'],
    ['notBefore', () => cert([version, serial, tbsAlg, issuer, seq(), subject, spki]), 'notBefore is missing'],
    ['the subject', () => cert([version, serial, tbsAlg, issuer, validity, set(), spki]), 'subject: unexpected tag 0x31'],
    [
      'the key algorithm',
      () => cert([version, serial, tbsAlg, issuer, validity, subject, seq(set(), elements(spki)[1])]),
      'SubjectPublicKeyInfo algorithm: unexpected tag 0x31',
    ],
    [
      'the extensions',
      () => cert([version, serial, tbsAlg, issuer, validity, subject, spki, ctx(3, set(seq(oid('1.2.3'), octets(nul()))))]),
      'extensions: unexpected tag 0x31',
    ],
    [
      'an extension id',
      () => cert([version, serial, tbsAlg, issuer, validity, subject, spki, ext(seq(integer(1), octets(nul())))]),
      'extnID: unexpected tag 0x2',
    ],
    [
      'extKeyUsage',
      () => cert([version, serial, tbsAlg, issuer, validity, subject, spki, ext(seq(oid('2.5.29.37'), octets(seq(integer(1)))))]),
      'extKeyUsage: unexpected tag 0x2',
    ],
  ])('%s', (_name, make, text) => {
    expect(derRefusal(() => parseCertificateDer(make()))).toEqual({ message: text, reason: 'der-invalid' });
  });

  it('a broken CERTIFICATE block in configuration text is named as the PEM text', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAA*\n-----END CERTIFICATE-----\n';
    expect(() => derFromInput(broken)).toThrow('the PEM text has a character that is not base64 inside a PEM block');
  });
});

describe('the issuer name read last', () => {
  it('is read again when the caller refilled the buffer it came from', () => {
    const ca = makeCert({ subject: 'Refill CA', ca: true });
    const der = new Uint8Array(makeCert({ subject: 'refill leaf', issuer: ca }).der);
    expect(formatRfc4514(parseCertificateDer(der).issuer)).toBe('CN=Refill CA');
    const at = Buffer.from(der).indexOf(Buffer.from('Refill CA'));
    der[at + 8] = 0x42; // 'A' -> 'B'
    expect(formatRfc4514(parseCertificateDer(der).issuer)).toBe('CN=Refill CB');
  });
});
