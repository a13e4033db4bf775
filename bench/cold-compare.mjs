// Cold validation against native signature verification, in process, in short interleaved slices:
// `node bench/cold-compare.mjs [ec|rsa] [rounds] [slice ms]`. Each round times native
// `crypto.verify` and then `createVerifier().verify` on never-seen leaves (per CPU time), and the
// ratio is taken within the round; the median round is printed with the quartiles. With BASE_PATH
// (a build's `dist/esm/index.js`) that build is measured in the same rounds and the paired ratio
// of the two is printed too: on a loaded machine only that paired figure is worth comparing.
import { createPublicKey, verify as nativeVerify } from 'node:crypto';
import { makeBenchPki, tbsAndSignature } from './fixtures.mjs';

const kind = process.argv[2] ?? 'rsa';
const rounds = Number(process.argv[3] ?? 30);
const sliceMs = Number(process.argv[4] ?? 80);
const builds = [...(process.env.BASE_PATH ? [['base', process.env.BASE_PATH]] : []), ['this', 'express-client-cert']];

const pki = await makeBenchPki(kind);
const count = kind === 'ec' ? 30_000 : 8_000;
const warmUp = 1_500;
const leaves = Array.from({ length: count }, (_, n) => pki.leafNumber(n));
const parts = leaves.map(tbsAndSignature);
const interKey = createPublicKey({ key: Buffer.from(pki.intermediatePublicKey.rawData), format: 'der', type: 'spki' });
const verifiers = [];
for (const [, path] of builds) verifiers.push((await import(path)).createVerifier({ trustAnchors: pki.rootPem }));

/** Operations and CPU µs in one slice. */
async function slice(fn) {
  let i = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < sliceMs) await fn(i++);
  const cpu = process.cpuUsage(cpu0);
  return i / (cpu.user + cpu.system);
}

// The warm-up leaves come last and are never used again.
for (const v of verifiers)
  for (let i = 0; i < warmUp; i++) await v.verify({ certificate: leaves[count - 1 - i], chain: [pki.intermediateDer] });
let next = 0;
const ratios = builds.map(() => []);
for (let r = 0; r < rounds; r++) {
  const native = await slice((i) => nativeVerify('sha256', parts[i % count].tbs, interKey, parts[i % count].signature));
  for (let k = 0; k < verifiers.length; k++) {
    const ours = await slice(() => verifiers[k].verify({ certificate: leaves[next++ % (count - warmUp)], chain: [pki.intermediateDer] }));
    ratios[k].push(ours / native);
  }
}
const sorted = (l) => [...l].sort((a, b) => a - b);
const at = (l, q) => sorted(l)[Math.floor(l.length * q)];
builds.forEach(([name], k) =>
  console.log(
    `${kind} ${name}: cold ÷ native median ${at(ratios[k], 0.5).toFixed(3)} (quartiles ${at(ratios[k], 0.25).toFixed(3)}–${at(ratios[k], 0.75).toFixed(3)}), ${rounds} rounds`,
  ),
);
if (builds.length > 1)
  console.log(
    `${kind} this ÷ base, paired by round: median ${at(
      ratios[1].map((x, i) => x / ratios[0][i]),
      0.5,
    ).toFixed(3)}`,
  );
