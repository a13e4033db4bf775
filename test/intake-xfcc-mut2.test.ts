// What the focused run of src/formats/index.ts left: which characters make an XFCC key (letters
// A-Z and a-z, both ends of both ranges) and the field named when Chain holds no certificate.
import { decodeXfcc } from '../src/formats/index';
import { makeCert } from './helpers/pki';
import { codeReasonAndMessageOf as refusal } from './helpers/codes';

const a = makeCert({ subject: 'xfcc mut2' });
const X = 'x-forwarded-client-cert';
const cert = `Cert="${encodeURIComponent(a.pem)}"`;

const malformed = (reason: string, message: string) => ({ code: 'ERR_CLIENT_CERT_MALFORMED', reason, message });
const NOT_KEY_VALUE = malformed('xfcc-syntax', `${X} has an element or pair that is not Key=value`);
const UNKNOWN_KEY = malformed(
  'xfcc-unknown-key',
  `${X} has a key Envoy does not write (it writes By, Hash, Cert, Chain, Subject, URI, DNS)`,
);

describe('an XFCC key is made of ASCII letters only', () => {
  it.each([
    ['ending in Z', `ByZ=x;${cert}`, UNKNOWN_KEY],
    ['ending in z', `Byz=x;${cert}`, UNKNOWN_KEY],
    ['with the character after Z ([)', `By[=x;${cert}`, NOT_KEY_VALUE],
    ['with the character after z ({)', `By{=x;${cert}`, NOT_KEY_VALUE],
    ['with a non-ASCII letter', `Byé=x;${cert}`, NOT_KEY_VALUE],
  ])('a key %s', (_name, value, expected) => {
    expect(refusal(() => decodeXfcc([value]))).toEqual(expected);
  });
});

describe('the Chain of an XFCC element', () => {
  it('is named when it holds no certificate', () => {
    const got = refusal(() => decodeXfcc([`${cert};Chain="${encodeURIComponent('not a certificate')}"`]));
    expect(got).toEqual(malformed('pem-not-certificate', `${X} Chain is not a PEM certificate (chain)`));
  });
});
