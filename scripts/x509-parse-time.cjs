// Parse time of DER certificates and CRLs in two builds, interleaved round by round so that machine load hits both
// alike; prints the median and the minimum per build. node scripts/x509-parse-time.cjs <dist before> <dist after> <der files…>
'use strict';
const path = require('node:path');
const fs = require('node:fs');
(async () => {
  const load = async (dist) => ({
    cert: (await import(path.join(path.resolve(dist), 'x509/certificate.js'))).parseCertificateDer,
    crl: (await import(path.join(path.resolve(dist), 'x509/crl.js'))).parseCrlDer,
  });
  const builds = [await load(process.argv[2]), await load(process.argv[3])];
  for (const file of process.argv.slice(4)) {
    const der = new Uint8Array(fs.readFileSync(file));
    const kind = file.includes('crl') ? 'crl' : 'cert';
    const n = kind === 'crl' ? 300 : 3000;
    const rounds = [[], []];
    for (let r = 0; r < 61; r++) {
      for (let b = 0; b < 2; b++) {
        const parse = builds[(r + b) % 2][kind];
        const copies = Array.from({ length: n }, () => der.slice());
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < n; i++) parse(copies[i]);
        if (r > 0) rounds[(r + b) % 2].push(Number(process.hrtime.bigint() - t0) / n / 1000);
      }
    }
    const med = rounds.map((x) => x.sort((a, b) => a - b)[x.length >> 1]);
    const min = rounds.map((x) => x[0]);
    console.log(
      `${path.basename(file)}\t${der.length} B\tbefore ${med[0].toFixed(2)} µs\tafter ${med[1].toFixed(2)} µs\tmedian ratio ${(med[1] / med[0]).toFixed(3)}\tmin ${min[0].toFixed(2)} → ${min[1].toFixed(2)} µs, ratio ${(min[1] / min[0]).toFixed(3)}`,
    );
  }
})();
