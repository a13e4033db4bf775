// What the focused run of src/decode.ts left: limits.chainCount at its exact bound.
import { decodeClientCertChain } from '../src/decode';
import { ClientCertError } from '../src/errors';

const LIMITS = { certBytes: 10240, chainBytes: 16384, chainCount: 10 };
/** A short canonical byte sequence (the decoder does not parse DER). */
const MEMBER = ':QUJD:';

describe('limits.chainCount', () => {
  it('a chain of exactly the limit is decoded, one member more is refused', () => {
    const chain = decodeClientCertChain([MEMBER, MEMBER], { ...LIMITS, chainCount: 2 });
    expect(chain.map((der) => Buffer.from(der).toString('latin1'))).toEqual(['ABC', 'ABC']);
    let refused: unknown;
    try {
      decodeClientCertChain([MEMBER, `${MEMBER}, ${MEMBER}`], { ...LIMITS, chainCount: 2 });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ClientCertError);
    expect(refused).toMatchObject({
      code: 'ERR_CLIENT_CERT_TOO_LARGE',
      reason: 'chain-too-many',
      message: 'Client-Cert-Chain has more than 2 certificates',
    });
  });
});
