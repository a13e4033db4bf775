// What the focused run of src/x509/crl.ts left: the CRL extensions and the IDP's distribution
// point named when something follows their one element.
import { parseCrlDer } from '../src/x509/crl';
import { bitString, concat, ctx, ia5, integer, nul, octets, oid, printable, seq, set, tlv, bool } from './helpers/der';
import { derRefusal } from './helpers/der-refusal';

const ALG = seq(oid('1.2.840.113549.1.1.11'), nul());
const ISSUER = seq(set(seq(oid('2.5.4.3'), printable('CRL CA'))));
const THIS = tlv(0x17, new Uint8Array(Buffer.from('260101000000Z', 'latin1')));
const NUMBER = seq(oid('2.5.29.20'), octets(integer(7)));
const SIG = bitString(new Uint8Array([1, 2, 3]));
const crl = (...rest: Uint8Array[]): Uint8Array => seq(seq(integer(1), ALG, ISSUER, THIS, ...rest), ALG, SIG);
const idp = (value: Uint8Array): Uint8Array => seq(oid('2.5.29.28'), bool(true), octets(value));
const URI = ctx(0, ia5('http://crl.example/ca.crl', 0x86));

describe('a CRL field with an element after its one element', () => {
  it.each<[string, Uint8Array, string]>([
    ['the CRL extensions', crl(ctx(0, concat([seq(NUMBER), nul()]))), 'crlExtensions: unexpected element after the last field'],
    [
      'the distribution point of an IDP',
      crl(ctx(0, seq(NUMBER, idp(seq(ctx(0, concat([URI, nul()]))))))),
      'distributionPoint: unexpected element after the last field',
    ],
  ])('%s is named', (_name, der, message) => {
    expect(derRefusal(() => parseCrlDer(der))).toEqual({ message, reason: 'der-invalid' });
  });

  it('and without the extra element both parse', () => {
    const parsed = parseCrlDer(crl(ctx(0, seq(NUMBER, idp(seq(ctx(0, URI)))))));
    expect(parsed.idp?.name?.fullName).toEqual([{ type: 'uri', value: 'http://crl.example/ca.crl' }]);
  });
});
