// `npm run bench`: every figure from one run, as ratios measured side by side, written to
// docs/PERFORMANCE.md with the median of rounds or turns and their spread (min–max). Never a
// pass/fail test: the targets are printed next to the figures. `--quick` (under a minute) for
// day-to-day work; only a full run regenerates the committed report's figures honestly.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createPublicKey, verify as nativeVerify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import * as x509 from '@peculiar/x509';
import { createVerifier, encodeClientCert } from 'express-client-cert';
import { makeBenchPki, tbsAndSignature } from './fixtures.mjs';
import { liveFigures, makeCrl } from './live.mjs';

const QUICK = process.argv.includes('--quick');
const HTTP_SECONDS = QUICK ? 1 : 4;
const LOOP_MS = QUICK ? 250 : 1000;
const ROUNDS = QUICK ? 3 : 7;
const TURN_SECONDS = QUICK ? 1 : 2;
const TURNS = QUICK ? 3 : 15;
const COLD_TURNS = QUICK ? 2 : 7;
// On a machine with two or more cores, keep the load generator and the server off each other's core.
const PIN = os.cpus().length >= 2 && spawnSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const log = (...a) => console.error(...a);

/**
 * Runs `fn(i)` for LOOP_MS and returns operations per CPU-second of this process (garbage
 * collection included): on a shared machine, time the process spent waiting for a core is not
 * counted against either side of a ratio.
 */
async function opsPerSecond(fn, start = 0) {
  let i = start;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < LOOP_MS) {
    await fn(i++);
  }
  const cpu = process.cpuUsage(cpu0);
  return ((i - start) * 1e6) / (cpu.user + cpu.system);
}

// ---------------------------------------------------------------- cold validation, in process
async function coldFigures(kind) {
  log(`cold ${kind}: generating leaves`);
  const pki = await makeBenchPki(kind);
  // Enough distinct leaves that no validation sees a leaf twice (a quick run may wrap around on RSA;
  // the verifier keeps no memory of leaves either way).
  const count = kind === 'ec' ? (QUICK ? 12_000 : 60_000) : QUICK ? 3_000 : 25_000;
  const leaves = Array.from({ length: count }, (_, n) => pki.leafNumber(n));
  const interKey = createPublicKey({ key: Buffer.from(pki.intermediatePublicKey.rawData), format: 'der', type: 'spki' });
  const parts = leaves.map(tbsAndSignature);
  const verifier = createVerifier({ trustAnchors: pki.rootPem });
  const rootX = new x509.X509Certificate(pki.rootDer);

  let next = 0; // every validation sees a leaf it has never seen
  const native = () => opsPerSecond((i) => nativeVerify('sha256', parts[i % count].tbs, interKey, parts[i % count].signature));
  const ours = () => opsPerSecond(() => verifier.verify({ certificate: leaves[next++ % count], chain: [pki.intermediateDer] }));
  // The straightforward pipeline: @peculiar/x509 parse of leaf and intermediate, X509ChainBuilder, WebCrypto verify.
  const straightforward = () =>
    opsPerSecond(async () => {
      const leaf = new x509.X509Certificate(leaves[next++ % count]);
      const inter = new x509.X509Certificate(pki.intermediateDer);
      const chain = await new x509.X509ChainBuilder({ certificates: [inter, rootX] }).build(leaf);
      for (let k = 0; k + 1 < chain.length; k++) {
        if (!(await chain[k].verify({ publicKey: chain[k + 1], signatureOnly: true }))) throw new Error('bad signature');
      }
    });

  // Each round measures the three side by side; the ratio is taken within the round and the
  // median round is reported, never the best one.
  // Warm-up, so the first round does not measure the compiler: a few hundred validations left the
  // first round at half the speed of the next (these leaves come last and are seldom used again).
  const warmUp = Math.min(2000, Math.floor(count / 4));
  for (let i = 0; i < warmUp; i++) await verifier.verify({ certificate: leaves[count - 1 - i], chain: [pki.intermediateDer] });
  for (let i = 0; i < warmUp; i++) nativeVerify('sha256', parts[i].tbs, interKey, parts[i].signature);
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    const n = await native();
    const o = await ours();
    const s = await straightforward();
    samples.push({ n, o, s });
  }
  const vsNative = samples.map((x) => x.o / x.n);
  const vsPipeline = samples.map((x) => x.o / x.s);
  const stats = {
    native: median(samples.map((x) => x.n)),
    ours: median(samples.map((x) => x.o)),
    straightforward: median(samples.map((x) => x.s)),
    vsNative: median(vsNative),
    vsNativeSpread: [Math.min(...vsNative), Math.max(...vsNative)],
    vsPipeline: median(vsPipeline),
    vsPipelineSpread: [Math.min(...vsPipeline), Math.max(...vsPipeline)],
  };
  // Per-validation latency of the cold path, from a timed run of single validations.
  const lat = [];
  for (let i = 0; i < (QUICK ? 500 : 2000); i++) {
    const t = performance.now();
    await verifier.verify({ certificate: leaves[next++ % count], chain: [pki.intermediateDer] });
    lat.push((performance.now() - t) * 1000);
  }
  lat.sort((a, b) => a - b);
  return { kind, ...stats, samples, p50us: lat[Math.floor(lat.length * 0.5)], p99us: lat[Math.floor(lat.length * 0.99)], pki, leaves };
}

// ---------------------------------------------------------------- HTTP, server in a child process
async function startServer(mode, rootPem, extra = '') {
  const args = [here('./server.mjs'), mode, Buffer.from(rootPem).toString('base64'), extra];
  const child = PIN
    ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    cpu: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m.cpu));
        child.send('cpu');
      }),
    stop: async () => {
      child.send('stop');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function cannon(url, headers, extra = {}, duration = HTTP_SECONDS) {
  return autocannon({ url, connections: 16, duration, headers, ...extra });
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const spreadOf = (list) => [Math.min(...list), Math.max(...list)];
const b64 = (bytes) => Buffer.from(bytes).toString('base64');

/**
 * The four apps run side by side (idle ones cost nothing) and are measured in short turns, in
 * rotating order: a ratio is taken within each turn, so drift in the machine's speed affects both
 * sides of it alike; the median turn is reported with the range of the turns.
 */
const APPS = ['bare', 'floor', 'middleware', 'middleware-crl'];

async function warmFigures(pki, leafDer) {
  const headers = { 'client-cert': encodeClientCert(leafDer), 'client-cert-chain': encodeClientCert(pki.intermediateDer) };
  const crlArg = [
    b64(new x509.X509Certificate(pki.intermediateDer).toString('pem')),
    b64(await makeCrl(pki, pki.root, pki.rootKeys, 1)),
    b64(await makeCrl(pki, pki.intermediate, pki.interKeys, 1)),
  ].join(',');
  const servers = {};
  for (const mode of APPS) servers[mode] = await startServer(mode, pki.rootPem, mode === 'middleware-crl' ? crlArg : '');
  const perTurn = Object.fromEntries(APPS.map((m) => [m, []]));
  const perCpu = Object.fromEntries(APPS.map((m) => [m, []]));
  let last;
  try {
    for (const mode of APPS) await cannon(servers[mode].url, headers, {}, 1); // warm-up
    for (let t = 0; t < TURNS; t++) {
      log(`warm http: turn ${t + 1}/${TURNS}`);
      // Rotate the order each turn: a machine that slows down within a turn must not favour one app.
      const order = [...APPS];
      for (let k = 0; k < t % APPS.length; k++) order.push(order.shift());
      for (const mode of order) {
        const cpuBefore = await servers[mode].cpu();
        const res = await cannon(servers[mode].url, headers, {}, TURN_SECONDS);
        const cpuUsed = (await servers[mode].cpu()) - cpuBefore;
        if (res.non2xx || res.errors) throw new Error(`${mode}: ${res.non2xx} non-2xx, ${res.errors} errors`);
        perTurn[mode].push(res.requests.average);
        perCpu[mode].push((res.requests.total * 1e6) / cpuUsed); // requests per CPU-second
        if (mode === 'middleware') last = res;
      }
    }
  } finally {
    for (const s of Object.values(servers)) await s.stop();
  }
  const ratios = (table, a, b) => table[a].map((x, i) => x / table[b][i]);
  const cpuFloor = ratios(perCpu, 'middleware', 'floor');
  const cpuCrlFloor = ratios(perCpu, 'middleware-crl', 'floor');
  const cpuBare = ratios(perCpu, 'middleware', 'bare');
  const wallFloor = ratios(perTurn, 'middleware', 'floor');
  return {
    bare: median(perTurn.bare),
    floor: median(perTurn.floor),
    middleware: median(perTurn.middleware),
    ratioFloor: median(wallFloor),
    spread: spreadOf(wallFloor),
    ratioBare: median(ratios(perTurn, 'middleware', 'bare')),
    cpuFloor: median(cpuFloor),
    cpuFloorSpread: spreadOf(cpuFloor),
    cpuCrlFloor: median(cpuCrlFloor),
    cpuCrlFloorSpread: spreadOf(cpuCrlFloor),
    cpuBare: median(cpuBare),
    cpuBareSpread: spreadOf(cpuBare),
    cpuMiddleware: median(perCpu.middleware),
    cpuFloorAbs: median(perCpu.floor),
    turns: TURNS,
    p50: last.latency.p50,
    p99: last.latency.p99,
  };
}

/**
 * Never-seen leaves over HTTP against the same server's cache hits: cold and warm turns alternate
 * on one middleware server, and each turn's ratio of requests per server CPU-second is taken, so a
 * turn the machine ran slower affects both sides of it alike. Every cold request carries a leaf no
 * request carried before (`wrapped` says if the leaves ran out and an evicted one came back).
 */
async function coldHttpFigures(pki, leaves) {
  const chain = encodeClientCert(pki.intermediateDer);
  const encoded = leaves.map((der) => encodeClientCert(der));
  const warmHeaders = { 'client-cert': encoded[0], 'client-cert-chain': chain };
  // The last 2,000 leaves warm the cold path up; the first one is the warm turns' leaf.
  const coldLeaves = encoded.slice(1, encoded.length - 2000);
  const warmUpLeaves = encoded.slice(encoded.length - 2000);
  let n = 0;
  const withLeaf = (list) => ({
    requests: [
      {
        setupRequest(req) {
          req.headers = { ...req.headers, 'client-cert': list[n++ % list.length], 'client-cert-chain': chain };
          return req;
        },
      },
    ],
  });
  const server = await startServer('middleware', pki.rootPem);
  const ratios = [];
  const coldPerCpu = [];
  const coldRps = [];
  let last;
  try {
    log('cold http: warm-up');
    await cannon(server.url, {}, withLeaf(warmUpLeaves), 1);
    await cannon(server.url, warmHeaders, {}, 1);
    n = 0;
    for (let t = 0; t < COLD_TURNS; t++) {
      log(`cold http: turn ${t + 1}/${COLD_TURNS}`);
      const perCpu = {};
      // Alternate which side goes first: a machine that slows down within a turn must not favour one.
      for (const side of t % 2 ? ['warm', 'cold'] : ['cold', 'warm']) {
        const cpuBefore = await server.cpu();
        const res = await cannon(server.url, side === 'warm' ? warmHeaders : {}, side === 'cold' ? withLeaf(coldLeaves) : {}, TURN_SECONDS);
        const cpuUsed = (await server.cpu()) - cpuBefore;
        if (res.non2xx || res.errors) throw new Error(`cold http (${side}): ${res.non2xx} non-2xx, ${res.errors} errors`);
        perCpu[side] = (res.requests.total * 1e6) / cpuUsed;
        if (side === 'cold') {
          coldRps.push(res.requests.average);
          last = res;
        }
      }
      ratios.push(perCpu.cold / perCpu.warm);
      coldPerCpu.push(perCpu.cold);
    }
  } finally {
    await server.stop();
  }
  return {
    ratio: median(ratios),
    spread: spreadOf(ratios),
    turns: COLD_TURNS,
    rps: median(coldRps),
    perCpu: median(coldPerCpu),
    p50: last.latency.p50,
    p99: last.latency.p99,
    sent: n,
    wrapped: n > coldLeaves.length,
  };
}

function memoryFigures() {
  const total = QUICK ? 20_000 : 100_000;
  log(`memory: ${total} distinct certificates through the middleware`);
  const out = execFileSync(process.execPath, ['--expose-gc', here('./memory.mjs'), String(total)], { encoding: 'utf8' });
  const { marks } = JSON.parse(out);
  // Live heap added per entry while the cache fills (from 1,000 to 10,000, its default size).
  const perEntry = (marks[10000].heapUsed - marks[1000].heapUsed) / 9000;
  return { total, at1k: marks[1000], at10k: marks[10000], at20k: marks[20000], atAll: marks[total], perEntry };
}

/** Bytes allocated per cache hit, middleware and floor: counted with a young generation no burst fills (no timing). */
function allocationFigures() {
  log('allocation: bytes per cache hit');
  const flags = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];
  const out = execFileSync(process.execPath, [...flags, here('./alloc.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out);
}

/** µs and bytes per request inside the middleware and the floor, in an Express 5 server under load (bench/inside.mjs). */
function insideFigures() {
  log('inside: the middleware per request in a real server');
  const out = execFileSync(process.execPath, [here('./inside.mjs'), 'both', QUICK ? '10000' : '40000'], { encoding: 'utf8' });
  const read = (mode) => {
    const m = new RegExp(`^${mode}: ([\\d.]+) µs and (\\d+) bytes`, 'm').exec(out);
    if (!m) throw new Error(`inside.mjs printed no ${mode} line:\n${out}`);
    return { us: Number(m[1]), bytes: Number(m[2]) };
  };
  return { floor: read('floor'), middleware: read('middleware') };
}

// ---------------------------------------------------------------- the cache-hit path, in process
/** µs per request of the middleware on a cache hit and of the floor, called directly with fresh header strings. */
async function hitCost(pki, leafDer) {
  const { clientCert } = await import('express-client-cert');
  const middleware = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.rootPem });
  const floor = (req, _res, next) => {
    void req.headers['client-cert'];
    delete req.headers['client-cert'];
    delete req.headers['client-cert-chain'];
    next();
  };
  const cert = encodeClientCert(leafDer);
  const chain = encodeClientCert(pki.intermediateDer);
  const run = (fn, n) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      // Fresh strings per request, as Node's HTTP parser makes them.
      const c = `${cert} `.trimEnd();
      const ch = `${chain} `.trimEnd();
      const req = {
        headers: { host: 'x', 'client-cert': c, 'client-cert-chain': ch },
        rawHeaders: ['Host', 'x', 'Client-Cert', c, 'Client-Cert-Chain', ch],
        socket: { remoteAddress: '127.0.0.1' },
        method: 'GET',
        url: '/',
      };
      fn(req, {}, () => undefined);
    }
    return ((performance.now() - t) * 1000) / n;
  };
  const n = QUICK ? 20_000 : 50_000;
  run(middleware, n);
  run(floor, n);
  const m = [];
  const f = [];
  for (let r = 0; r < (QUICK ? 3 : 7); r++) {
    m.push(run(middleware, n));
    f.push(run(floor, n));
  }
  return { middlewareUs: median(m), floorUs: median(f), middlewareSpread: spreadOf(m) };
}

// ---------------------------------------------------------------- report
const ec = await coldFigures('ec');
const hit = await hitCost(ec.pki, ec.leaves[0]);
const rsa = await coldFigures('rsa');
const warm = await warmFigures(ec.pki, ec.leaves[0]);
const coldHttp = await coldHttpFigures(ec.pki, ec.leaves.slice(1));
const memory = memoryFigures();
const allocation = allocationFigures();
const inside = insideFigures();
const liveTrust = await liveFigures({ quick: QUICK });

const f = (x, d = 2) => x.toFixed(d);
const int = (x) => Math.round(x).toLocaleString('en-US');
const mib = (b) => (b / 1048576).toFixed(1);
const range = ([lo, hi], d = 2) => `${f(lo, d)}–${f(hi, d)}`;
const coldName = (c) => (c.kind === 'ec' ? 'EC P-256' : 'RSA-2048');
/** A target cell that says whether the unrounded median meets it: a 0.947 printed as 0.95 does not. */
const atLeast = (value, min, extra = '') => `≥ ${min}${extra}: ${value >= min ? 'met' : 'not met'}`;
// Ratios compare two things measured in the same run on the same machine: they carry across machines.
const rows = [
  [
    'warm: middleware ÷ floor (requests per server CPU-second)',
    `**${f(warm.cpuFloor, 3)}** (${range(warm.cpuFloorSpread)})`,
    atLeast(warm.cpuFloor, 0.95),
    `median of ${warm.turns} turns (range in brackets); ÷ bare app ${f(warm.cpuBare)} (${range(warm.cpuBareSpread)})`,
  ],
  [
    'warm, two CRL sources configured: middleware ÷ floor (per server CPU-second)',
    `**${f(warm.cpuCrlFloor, 3)}** (${range(warm.cpuCrlFloorSpread)})`,
    atLeast(warm.cpuCrlFloor, 0.95, ', as without'),
    'CRL sources refresh in the background; a hit never touches them',
  ],
  [
    'warm: middleware ÷ floor (requests/s, wall clock)',
    `${f(warm.ratioFloor)} (${range(warm.spread)})`,
    '—',
    'moves with whatever else runs on the machine; the CPU-second figure is the one to read',
  ],
  ...[ec, rsa].map((c) => [
    `cold ${coldName(c)}: validations/s ÷ native signature verifications/s`,
    `**${f(c.vsNative, 3)}** (${range(c.vsNativeSpread)})`,
    atLeast(c.vsNative, 0.5),
    `median of ${ROUNDS} rounds, sequential, every leaf new to the verifier`,
  ]),
  ...[ec, rsa].map((c) => [
    `cold ${coldName(c)}: ÷ the @peculiar/x509 pipeline`,
    `${f(c.vsPipeline, 1)} (${range(c.vsPipelineSpread, 1)})`,
    '≥ 5',
    '',
  ]),
  [
    'cold HTTP ÷ warm HTTP (requests per server CPU-second, EC, never-seen leaves)',
    `**${f(coldHttp.ratio, 3)}** (${range(coldHttp.spread)})`,
    atLeast(coldHttp.ratio, 0.4),
    `median of ${coldHttp.turns} turns, cold and warm alternating on one server${coldHttp.wrapped ? '; leaves ran out and came back after eviction' : ''}`,
  ],
  [
    'warm cache hit, two CRL sources ÷ none, in process',
    `${f(liveTrust.hitRatio)} (${range(liveTrust.hitRatioSpread)})`,
    '≈ 1.00',
    'median of 5 rounds',
  ],
  [
    `memory: RSS after ${int(memory.total)} distinct ÷ after 10,000 (cache full), settled`,
    `**${f(memory.atAll.rss / memory.at10k.rss, 3)}**`,
    `1.00 ± 0.10: ${Math.abs(memory.atAll.rss / memory.at10k.rss - 1) <= 0.1 ? 'met' : 'not met'}`,
    `live heap ${f(memory.atAll.heapUsed / memory.at10k.heapUsed)} of what it was at 10,000; RSS ÷ after 20,000: ${f(memory.atAll.rss / memory.at20k.rss)}; read at once after gc(), before V8 returns the pages it kept: ${f(memory.atAll.atOnce.rss / memory.at10k.atOnce.rss)}`,
  ],
];
// Absolute figures depend on the machine and on what else it runs.
const absolute = [
  [
    'live heap per cache entry (1,000 → 10,000 entries)',
    `${int(memory.perEntry)} bytes`,
    `≤ 1,536 bytes: ${memory.perEntry <= 1536 ? 'met' : 'not met'}`,
  ],
  [
    'RSS / live heap at 1,000 → 10,000 → 20,000 → all',
    `${mib(memory.at1k.rss)} → ${mib(memory.at10k.rss)} → ${mib(memory.at20k.rss)} → ${mib(memory.atAll.rss)} MiB / ${mib(memory.at1k.heapUsed)} → ${mib(memory.at10k.heapUsed)} → ${mib(memory.at20k.heapUsed)} → ${mib(memory.atAll.heapUsed)} MiB`,
    '',
  ],
  [
    'warm: bytes allocated per cache hit, in process (a Node request object with its headers view built)',
    `${int(allocation.middleware)} with the middleware, ${int(allocation.floor)} for the floor`,
    '',
  ],
  [
    'warm: inside the middleware per request, Express 5 server under load (median; what runs after next() left out)',
    `${f(inside.middleware.us)} µs and ${int(inside.middleware.bytes)} bytes, against ${f(inside.floor.us)} µs and ${int(inside.floor.bytes)} bytes for the floor`,
    '',
  ],
  ['warm: requests per server CPU-second', `${int(warm.cpuMiddleware)} with the middleware, ${int(warm.cpuFloorAbs)} for the floor`, ''],
  ['warm: requests/s (wall clock)', `${int(warm.middleware)} middleware, ${int(warm.floor)} floor, ${int(warm.bare)} bare`, ''],
  [
    'warm: cache-hit cost per request, in process (no HTTP)',
    `${f(hit.middlewareUs)} µs (${range(hit.middlewareSpread)}) with the middleware, ${f(hit.floorUs)} µs for the floor`,
    '',
  ],
  ...[ec, rsa].map((c) => [
    `cold ${coldName(c)}: per second`,
    `${int(c.ours)} validations, ${int(c.native)} native verifications, ${int(c.straightforward)} pipeline`,
    '',
  ]),
  ['cold HTTP (never-seen EC leaves)', `${int(coldHttp.rps)} req/s, ${int(coldHttp.perCpu)} per server CPU-second`, ''],
];
const latency = [
  ['warm HTTP (repeated certificate, 16 connections)', `${warm.p50} ms`, `${warm.p99} ms`],
  ['cold HTTP (never-seen EC leaf, 16 connections)', `${coldHttp.p50} ms`, `${coldHttp.p99} ms`],
  ['cold validation, EC P-256 (createVerifier)', `${f(ec.p50us, 0)} µs`, `${f(ec.p99us, 0)} µs`],
  ['cold validation, RSA-2048 (createVerifier)', `${f(rsa.p50us, 0)} µs`, `${f(rsa.p99us, 0)} µs`],
  [
    `cold decision waiting on OCSP, local OpenSSL responder (createVerifier, ${liveTrust.coldCount} leaves)`,
    `${f(liveTrust.ocspColdP50ms)} ms`,
    `${f(liveTrust.ocspColdP99ms)} ms`,
  ],
  ['same leaves again, OCSP answer cached', `${f(liveTrust.ocspCachedP50ms)} ms`, `${f(liveTrust.ocspCachedP99ms)} ms`],
];
const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${mib(os.totalmem())} MiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');

let table = '| figure | ratio: median (min–max) | target | notes |\n|---|---|---|---|\n';
for (const r of rows) table += `| ${r.join(' | ')} |\n`;
let absTable = '| figure | measured | target |\n|---|---|---|\n';
for (const r of absolute) absTable += `| ${r.join(' | ')} |\n`;
let latTable = '| case | p50 | p99 |\n|---|---|---|\n';
for (const r of latency) latTable += `| ${r.join(' | ')} |\n`;

console.log(`\n${table}\n${absTable}\n${latTable}\nmachine: ${machine}; ${date}; load average ${load}${QUICK ? '; quick run' : ''}`);

const md = `# Performance

Generated by \`${QUICK ? 'npm run bench -- --quick' : 'npm run bench'}\` on ${date}${QUICK ? ' (a quick run: short loops, few turns; run the full bench for figures to quote)' : ''}.
No test asserts a time; the targets are printed next to the figures.

Machine: ${machine}. Load average when the run ended: ${load}.

## Ratios (stable across machines)

Each ratio compares two things measured in the same run, side by side, so the machine's speed
cancels out. Reported as the median of rounds or turns, with the range of all of them.

${table}
## Absolute figures (this machine only)

These depend on the CPU and on what else the machine was running; compare them only within one run.

${absTable}
${latTable}
## How each figure is measured

- **warm**: autocannon, 16 keep-alive connections, Express 5 apps answering \`res.json(...)\`. The
  four apps (*bare*: no middleware; *floor*: only reads and deletes the two fields; *middleware*;
  *middleware* with two CRL sources served from a local URL) run in their own processes, side by
  side, and are measured in ${TURN_SECONDS}-second turns, ${TURNS} of them, the order rotated each turn. Every request
  carries the same valid \`Client-Cert\` and \`Client-Cert-Chain\`. Requests per server CPU-second
  come from \`process.cpuUsage()\` in the server, so they do not depend on the load generator or on
  other work on the machine; wall-clock requests/s do.
- **cold**: loops of ${LOOP_MS} ms counting operations per CPU-second of the bench process, ${ROUNDS} rounds
  after a warm-up; in each round the native verification,
  \`createVerifier().verify\` and the pipeline run one after the other, and the ratio is taken within
  the round. Each validation gets a leaf it has never seen, under the known intermediate, one at a
  time (sequential); only RSA leaves, costly to make, may be reused once all have been used, and the
  verifier keeps nothing per leaf. The native baseline is \`crypto.verify\` of the same leaves' signatures. The
  pipeline parses leaf and intermediate with \`@peculiar/x509\`, builds the chain with
  \`X509ChainBuilder\`, and verifies with WebCrypto.
- **cold HTTP**: the middleware app with a different never-seen EC leaf on every request, in
  ${TURN_SECONDS}-second turns that alternate with warm turns (one leaf, a cache hit) on the same server;
  the ratio is taken within each turn.
- **memory**: RSS and live heap with distinct valid leaves sent through the middleware function
  directly (no HTTP), with the default cache of 10,000 entries. Each mark is read settled: after
  \`gc()\` and a second of idle with collections, as between bursts of load; the figure read at
  once after \`gc()\` is given beside it. Cache keys are SHA-256 digests of the field values, so an
  entry holds the decision, not the 1–3 KB field; the leaf's DER in each cached identity is kept in
  the JavaScript heap, so evictions leave no holes in native memory.
- **live trust**: the cache-hit cost with two CRL sources against none, in process; and the
  latency of cold decisions that wait on OCSP from \`openssl ocsp\` on 127.0.0.1.
- Server and load generator pinned to different cores with \`taskset\`: ${PIN ? 'yes' : 'no'}.
`;
const notes = `
## Where the time goes

From \`node --cpu-prof\` of the bench servers under load (\`node bench/profile.mjs floor,middleware 3 <dir>\`),
of the cache hit in process (\`node --cpu-prof bench/hit.mjs middleware\`), and from the bytes each
hit allocates (\`bench/alloc.mjs\`):

- **Cache hit**: the last 16 leaf lines are remembered with their keys (compared in full, as is the
  chain field), so a hit hashes nothing; the LRU look-up is on a 32-character key. In a real server
  the middleware's own time is several times its in-process cost (the "inside" figure): Express
  gives every request object a hidden class of its own (from \`req.next = next\`, a new closure per
  request, onward), so each property the middleware reads on the request (\`socket\`,
  \`rawHeaders\`, Node's header-view slots, \`clientCert\`) misses V8's inline caches and is looked
  up in full, and each property it adds builds yet another hidden class with a copy of ~40
  descriptors, in the old generation. So it adds none: \`req.clientCert\` and \`req.clientCertError\`
  are a getter and setter pair on \`IncomingMessage.prototype\` over a per-request state kept in a
  weak map (adding \`clientCert\` cost about 1.5 µs and 1.1 KB per request), and it checks that the
  request will show its decision by walking the prototype chain with \`hasOwnProperty\` rather than
  by reading the accessors back (each read is a full look-up). Once a request is decided, the only
  middleware lets go of the two field lines: kept with the state, they lived as long as the request,
  most requests in flight outlived two young collections, and the lines were copied into the old
  generation (about 1 KB more promoted per request, and more full collections). Found and removed before: building Node's \`headersDistinct\` view on every
  request (it built a second header object and added a property to every request; the line count
  Node builds its views from is corrected instead), looking up each of ~20 field names in the
  \`headers\` view (its own names are walked once instead), deleting fields in an order that turned
  the view into a dictionary-mode object (the newest is deleted first), and the cache-key prefix
  built per request (once per proxy entry now).
- **Cached entry**: the identity's date and byte getters are shared accessors, so cached identities
  share one hidden class instead of each being a dictionary-mode object with six closures; the
  leaf's DER is copied once, as a Latin-1 string; identities and chain entries are built by
  constructors (prototype \`Object.prototype\`), so V8 keeps their hidden properties in the object
  rather than in a separate array; issuer-derived values are shared per issuer name.
- **Cold EC P-256**: one ECDSA verification (leaf ← intermediate) is most of it; parsing the leaf
  (strict DER, SHA-256 fingerprint) and building the identity are the rest. The intermediate is
  parsed once and its link to the anchor verified once; through the middleware, the intermediates
  it decoded itself are found again by array identity, and a canonical \`:base64:\` field is decoded
  natively rather than by the general structured-field parser's byte-by-byte loop.
- **Cold RSA-2048**: verification itself is cheap (about a third of the validation), so parsing the
  leaf, the path checks and building the identity weigh more.
- **Memory**: the live heap stays level once the cache is full. Settled, RSS stays level too. Read
  at once after \`gc()\`, it is higher and varies from run to run: V8 keeps the pages that evicted
  entries and each validation's garbage used until the process idles.
`;
writeFileSync(here('../docs/PERFORMANCE.md'), md + notes);
log('wrote docs/PERFORMANCE.md');
