import { createPublicKey, verify as nativeVerify } from 'node:crypto';
import { createVerifier } from 'express-client-cert';
import { makeBenchPki, tbsAndSignature } from './fixtures.mjs';
const kind = process.argv[2] ?? 'rsa';
const n = Number(process.argv[3] ?? 3000);
const pki = await makeBenchPki(kind);
const leaves = Array.from({ length: n }, (_, i) => pki.leafNumber(i));
const parts = leaves.map(tbsAndSignature);
const interKey = createPublicKey({ key: Buffer.from(pki.intermediatePublicKey.rawData), format: 'der', type: 'spki' });
const verifier = createVerifier({ trustAnchors: pki.rootPem });
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
for (let r = 0; r < 3; r++) {
  let t = cpu();
  for (let i = 0; i < n; i++) nativeVerify('sha256', parts[i].tbs, interKey, parts[i].signature);
  const nat = cpu() - t;
  t = cpu();
  for (let i = 0; i < n; i++) await verifier.verify({ certificate: leaves[i], chain: [pki.intermediateDer] });
  const ours = cpu() - t;
  console.log(kind, 'native µs', (nat / n).toFixed(1), 'ours µs', (ours / n).toFixed(1), 'ratio', (nat / ours).toFixed(2));
}
