// The one PEM reader: forwarded documents and configuration files read blocks alike strictly;
// they differ only in what may surround the blocks.
import { DerError } from '../src/x509/asn1';
import { derFromInput } from '../src/x509/certificate';
import { crlDerFromInput } from '../src/x509/crl';
import { PemError, isStrictBase64, pemTextOf, readPem } from '../src/x509/pem';
import { createVerifier, encodeClientCert } from '../src/index';
import { makePki } from './helpers/pki';
import { thrown } from './helpers/thrown';

const { root, leaf } = makePki('Pem');
const body = Buffer.from(leaf.der).toString('base64');
/** Base64 of `der` whose length is 1 mod 4: never standard padded base64, whatever the length of `der`. */
const unpadded = (der: Uint8Array): string => {
  let b64 = Buffer.from(der).toString('base64').replace(/=+$/, '');
  while (b64.length % 4 !== 1) b64 += 'A';
  return b64;
};
const block = (b64: string, label = 'CERTIFICATE'): string => `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;

const pemError = (fn: () => unknown): PemError => thrown(PemError, fn);

describe('readPem', () => {
  it('reads every block, in order, in both contexts', () => {
    const text = block(body) + block(body);
    expect(readPem(text, 'CERTIFICATE', 'x', 'document')).toHaveLength(2);
    expect(readPem(`Bag Attributes\n${text}trailer`, 'CERTIFICATE', 'x', 'file').map((d) => Buffer.from(d).toString('base64'))).toEqual([
      body,
      body,
    ]);
  });

  it('a document holds only blocks and whitespace, at least one; a file may hold other text or none', () => {
    expect(pemError(() => readPem(`junk${block(body)}`, 'CERTIFICATE', 'x', 'document')).reason).toBe('pem-not-certificate');
    expect(pemError(() => readPem('  \n', 'CERTIFICATE', 'x', 'document')).reason).toBe('pem-not-certificate');
    expect(readPem(`junk ${block(body, 'PRIVATE KEY')}`, 'CERTIFICATE', 'x', 'file')).toEqual([]);
  });

  it.each([
    ['pem-no-end-line', `-----BEGIN CERTIFICATE-----\n${body}\n`],
    ['pem-invalid-character', block(`${body.slice(0, 8)}*${body.slice(8)}`)],
    ['pem-empty-block', block('')],
    ['base64-invalid', block(unpadded(leaf.der))],
  ])('refuses a broken block with %s, in a document and in a file', (reason, text) => {
    for (const context of ['document', 'file'] as const) {
      const err = pemError(() => readPem(text, 'CERTIFICATE', 'x', context));
      expect(err.reason).toBe(reason);
      expect(err).toBeInstanceOf(DerError);
      expect(err.name).toBe('PemError');
    }
  });

  it('pemTextOf tells PEM text bytes from DER', () => {
    expect(pemTextOf(leaf.der)).toBeUndefined();
    expect(pemTextOf(new Uint8Array(0))).toBeUndefined();
    expect(pemTextOf(new Uint8Array(Buffer.from('no block here')))).toBeUndefined();
    expect(pemTextOf(new Uint8Array(Buffer.from(leaf.pem)))).toBe(leaf.pem);
  });
});

describe('configuration reads PEM through the same strict reader', () => {
  // Before, a broken block in a file was skipped silently (the CA it held never loaded) and a
  // block with bad padding decoded leniently.
  it('a broken second block of trustAnchors is a TypeError naming the rule', () => {
    const broken = `${root.pem}-----BEGIN CERTIFICATE-----\n${body}\n`;
    expect(() => createVerifier({ trustAnchors: broken })).toThrow(/`trustAnchors` holds a broken PEM block: .*\(pem-no-end-line\)/);
  });

  it('bad base64 padding in a configured block is refused, not decoded leniently', () => {
    const text = block(unpadded(root.der));
    expect(() => derFromInput(text)).toThrow(expect.objectContaining({ reason: 'base64-invalid' }));
    expect(() => createVerifier({ trustAnchors: text })).toThrow(/\(base64-invalid\)/);
  });

  it('verify() given a broken PEM certificate refuses it as PEM, with the PEM rule', async () => {
    const refused = createVerifier({ trustAnchors: root.pem }).verify({ certificate: `-----BEGIN CERTIFICATE-----\n${body}\n` });
    await expect(refused).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_MALFORMED', reason: 'pem-no-end-line' });
    await expect(refused).rejects.toThrow(/^The client certificate is not valid PEM \(/);
  });

  it('CRL files too, and the encoding helpers', () => {
    expect(pemError(() => crlDerFromInput('-----BEGIN X509 CRL-----\nAAAA')).reason).toBe('pem-no-end-line');
    expect(() => encodeClientCert(`-----BEGIN CERTIFICATE-----\n${body}`)).toThrow(/encodeClientCert\(\): .*\(pem-no-end-line\)/);
    expect(() => encodeClientCert(`-----BEGIN CERTIFICATE-----\n${body}`)).toThrow(TypeError);
  });
});

describe('isStrictBase64 and the characters a PEM body may hold', () => {
  it.each([
    ['', false],
    ['QQ==', true],
    ['QUI=', true],
    ['QUJD', true],
    ['QUJ', false],
    ['QQ=', false],
    ['Q===', false],
    ['=QQ=', false],
    ['QQ=A', false],
    ['QU J', false],
    ['QU-_', false],
    ['QUÉ=', false],
    ['ab+/', true],
    ['ab\u0100/', false],
  ])('%j → %s', (text, ok) => {
    expect(isStrictBase64(text)).toBe(ok);
  });

  it('whitespace of every kind PEM writers emit is skipped inside a block, and around it in a document', () => {
    const spaced = body.match(/.{1,16}/g)!.join(' \t\r\n\f\v');
    expect(readPem(`\t\r\n${block(spaced)}\f\v `, 'CERTIFICATE', 'x', 'document')).toHaveLength(1);
  });

  it('control characters below tab are not whitespace', () => {
    expect(pemError(() => readPem(block(`${body.slice(0, 8)}\u0001${body.slice(8)}`), 'CERTIFICATE', 'x', 'file')).reason).toBe(
      'pem-invalid-character',
    );
    expect(pemError(() => readPem(block(`${body.slice(0, 8)}\u0008${body.slice(8)}`), 'CERTIFICATE', 'x', 'file')).reason).toBe(
      'pem-invalid-character',
    );
  });

  it('DER that happens to hold the text -----BEGIN is still DER', () => {
    const der = new Uint8Array([0x30, 0x0c, 0x13, 0x0a, ...Buffer.from('-----BEGIN')]);
    expect(pemTextOf(der)).toBeUndefined();
    expect(derFromInput(der)).toEqual([der]);
  });

  it('the END line must be exactly the label’s', () => {
    const text = `-----BEGIN CERTIFICATE-----\n${body}\n-----END X509 CRL-----\n`;
    expect(pemError(() => readPem(text, 'CERTIFICATE', 'x', 'file')).reason).toBe('pem-invalid-character');
  });

  it('messages name the input and the block, never its content', () => {
    expect(pemError(() => readPem('junk', 'X509 CRL', 'the field', 'document')).message).toBe('the field is not a PEM x509 crl (chain)');
    expect(pemError(() => readPem(block(''), 'CERTIFICATE', 'f', 'file')).message).toBe('f has an empty PEM block');
    expect(pemError(() => readPem(`-----BEGIN CERTIFICATE-----\nAAAA`, 'CERTIFICATE', 'f', 'file')).message).toBe(
      'f has a BEGIN line without its END line',
    );
    expect(pemError(() => readPem(block('AA*A'), 'CERTIFICATE', 'f', 'file')).message).toBe(
      'f has a character that is not base64 inside a PEM block',
    );
    expect(pemError(() => readPem(block(body) + block('AAAAA'), 'CERTIFICATE', 'f', 'file')).message).toBe(
      'f block 2 is not standard padded base64',
    );
  });

  it('a file scan resumes after each block, and a document needs nothing but blocks', () => {
    const two = `a ${block(body)} b ${block(body)} c`;
    expect(readPem(two, 'CERTIFICATE', 'x', 'file')).toHaveLength(2);
    expect(pemError(() => readPem(`${block(body)}x`, 'CERTIFICATE', 'x', 'document')).reason).toBe('pem-not-certificate');
  });
});
