// What src/verify/rank.ts and refusal.ts left unpinned: between two refusals of equal rank on
// equally complete paths the first one met is reported (so the verdict follows the order of the
// chain, not the last candidate tried), and a Refusal's defaults.
import { createVerifier } from '../src/index';
import { Refusal, isRefusal } from '../src/verify/refusal';
import { RefusalRanking } from '../src/verify/rank';
import { NOW, makeCert, makeKey } from './helpers/pki';
import { verdictOf } from './helpers/refusal';

describe('equal ranks: the first refusal met wins', () => {
  // Two intermediates with one name and key, each breaking a rule ranked 210: not a CA, no keyCertSign.
  const root = makeCert({ subject: { O: 'RankMut3', CN: 'Root' }, ca: true });
  const key = makeKey('p256', 'rank-mut3-ica');
  const subject = { O: 'RankMut3', CN: 'ICA' };
  const notCa = makeCert({ subject, issuer: root, ca: false, key, keyUsage: ['digitalSignature'] });
  const noCertSign = makeCert({ subject, issuer: root, ca: true, key, keyUsage: ['cRLSign'] });
  const leaf = makeCert({ subject: { O: 'RankMut3', CN: 'leaf' }, issuer: noCertSign });
  const verify = (chain: (typeof root)[]) =>
    verdictOf(createVerifier({ trustAnchors: root.pem, now: () => NOW }).verify({ certificate: leaf.pem, chain: chain.map((c) => c.pem) }));

  it('in the order the chain gives them', async () => {
    expect(await verify([notCa, noCertSign])).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'issuer-not-ca' });
    expect(await verify([noCertSign, notCa])).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'key-cert-sign-missing' });
  });

  it('the ranking itself keeps the first of equals and takes a higher tier over a higher rank', () => {
    const ranking = new RefusalRanking();
    expect(ranking.error).toBeUndefined();
    const first = new Refusal('issuer-not-ca', 'first');
    ranking.offer(first, 2);
    ranking.offer(new Refusal('key-cert-sign-missing', 'second'), 2);
    expect(ranking.error).toBe(first);
    ranking.offer(new Refusal('validity-expired', 'a link'), 1);
    expect(ranking.error).toBe(first);
  });
});

describe('a Refusal', () => {
  it('is a rule of the path unless said otherwise, and is told apart from other errors', () => {
    const refusal = new Refusal('aki-missing', 'its AKI is missing');
    expect(refusal).toMatchObject({ name: 'Refusal', reason: 'aki-missing', scope: 'path', message: 'its AKI is missing' });
    expect(isRefusal(refusal)).toBe(true);
    expect(isRefusal(new Error('other'))).toBe(false);
  });
});
