// Benchmark PKI: a root and an intermediate made with @peculiar/x509, and a factory that turns
// one leaf into any number of distinct leaves (new serial, re-signed with node:crypto), so cold
// paths can be measured on certificates the verifier has never seen.
import { createPrivateKey, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { children, readNode } from '../dist/esm/x509/asn1.js';

x509.cryptoProvider.set(webcrypto);
const DAY = 86_400_000;

const ALGS = {
  ec: { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  rsa: {
    gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  },
};

function tlv(tag, content) {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), content]);
}

/** Root → intermediate → template leaf, with keys of `kind` ('ec' P-256 or 'rsa' 2048). */
export async function makeBenchPki(kind) {
  const alg = ALGS[kind];
  const keys = async () => webcrypto.subtle.generateKey({ ...alg.gen, ...(kind === 'ec' ? {} : {}) }, true, ['sign', 'verify']);
  const rootKeys = await keys();
  const interKeys = await keys();
  const leafKeys = await keys();
  const validity = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) };
  const caExt = async (pub) => [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(pub),
  ];
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `O=Bench, CN=Bench ${kind} Root`,
    keys: rootKeys,
    signingAlgorithm: alg.sign,
    extensions: await caExt(rootKeys.publicKey),
    ...validity,
  });
  const intermediate = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `O=Bench, CN=Bench ${kind} Issuing CA`,
    issuer: root.subject,
    publicKey: interKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: alg.sign,
    ...validity,
    extensions: [...(await caExt(interKeys.publicKey)), await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '7f'.padEnd(32, '0'),
    subject: 'O=Bench, CN=device',
    issuer: intermediate.subject,
    publicKey: leafKeys.publicKey,
    signingKey: interKeys.privateKey,
    signingAlgorithm: alg.sign,
    ...validity,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(interKeys.publicKey),
    ],
  });
  const interPrivate = createPrivateKey({
    key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', interKeys.privateKey)),
    format: 'der',
    type: 'pkcs8',
  });
  const leafDer = new Uint8Array(leaf.rawData);
  // Locate the template's serial (TBS field 2, after [0] version) to stamp new ones in.
  const cert = readNode(leafDer, 0);
  const [tbsNode, algNode] = children(leafDer, cert);
  const serialNode = children(leafDer, tbsNode)[1];
  const tbs = Buffer.from(leafDer.subarray(tbsNode.start, tbsNode.end));
  const sigAlg = Buffer.from(leafDer.subarray(algNode.start, algNode.end));
  const serialAt = serialNode.contentStart - tbsNode.start + 1; // keep the first byte (0x7f: positive)
  const serialLen = serialNode.end - serialNode.contentStart - 1;

  /** The n-th distinct leaf (n < 2^48): DER bytes. */
  function leafNumber(n) {
    const t = Buffer.from(tbs);
    t.writeUIntBE(n, serialAt + serialLen - 6, 6);
    const signature = sign('sha256', t, interPrivate);
    return new Uint8Array(tlv(0x30, Buffer.concat([t, sigAlg, tlv(0x03, Buffer.concat([Buffer.from([0]), signature]))])));
  }

  const pkcs8 = async (key) => Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return {
    kind,
    root,
    intermediate,
    rootKeys,
    interKeys,
    signingAlgorithm: alg.sign,
    rootKeyPem: createPrivateKey({ key: await pkcs8(rootKeys.privateKey), format: 'der', type: 'pkcs8' }).export({
      format: 'pem',
      type: 'pkcs8',
    }),
    intermediateKeyPem: interPrivate.export({ format: 'pem', type: 'pkcs8' }),
    rootPem: root.toString('pem'),
    rootDer: new Uint8Array(root.rawData),
    intermediateDer: new Uint8Array(intermediate.rawData),
    intermediatePublicKey: intermediate.publicKey,
    templateLeafDer: leafDer,
    leafNumber,
  };
}

/** The TBS bytes and signature of a certificate (for the native-verify baseline). */
export function tbsAndSignature(der) {
  const [tbsNode, , sigNode] = children(der, readNode(der, 0));
  return { tbs: der.subarray(tbsNode.start, tbsNode.end), signature: der.subarray(sigNode.contentStart + 1, sigNode.end) };
}
