// Where the warm path's time goes: `node bench/profile.mjs <modes> [seconds] [profile dir]`
// starts one bench server per mode (`floor`, `middleware`, …; `base-middleware` runs the build at
// BASE_PATH, to compare two builds), loads them in alternating turns (TURNS, default 1) with the
// warm figures' requests, and prints requests per server CPU-second and their ratio per turn. With
// a profile dir, each server runs under `node --cpu-prof` and the functions with the most self time
// are printed. COLD=n sends one of n never-seen leaves per request instead of the same one.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { encodeClientCert } from 'express-client-cert';
import { makeBenchPki } from './fixtures.mjs';

const modes = (process.argv[2] ?? 'middleware').split(',');
const seconds = Number(process.argv[3] ?? 3);
const dir = process.argv[4];
const turns = Number(process.env.TURNS ?? 1);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));

const pki = await makeBenchPki('ec');
const leaf = pki.leafNumber(1);
const headers = { 'client-cert': encodeClientCert(leaf), 'client-cert-chain': encodeClientCert(pki.intermediateDer) };
// COLD=n: every request carries one of n never-seen leaves (the cold path) instead of the same one.
const cold = Number(process.env.COLD ?? 0);
const coldLeaves = Array.from({ length: cold }, (_, i) => encodeClientCert(pki.leafNumber(i + 2)));
let sent = 0;
const load = (url, duration) =>
  autocannon({
    url,
    connections: 16,
    duration,
    headers,
    ...(cold
      ? {
          requests: [
            {
              setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'client-cert': coldLeaves[sent++ % cold] } }),
            },
          ],
        }
      : {}),
  });

async function start(mode) {
  const flags = dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, mode)}`] : [];
  if (dir) mkdirSync(join(dir, mode), { recursive: true });
  const child = spawn(
    process.execPath,
    [...flags, here('./server.mjs'), mode.replace(/^base-/, ''), Buffer.from(pki.rootPem).toString('base64')],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, ...(mode.startsWith('base-') ? { MW_PATH: process.env.BASE_PATH } : {}) },
    },
  );
  const { port } = await new Promise((r) => child.once('message', r));
  const cpu = () => new Promise((r) => (child.once('message', (m) => r(m.cpu)), child.send('cpu')));
  return { url: `http://127.0.0.1:${port}/`, cpu, stop: () => new Promise((r) => (child.once('exit', r), child.send('stop'))) };
}

const servers = {};
for (const m of modes) servers[m] = await start(m);
for (const m of modes) await load(servers[m].url, 1);
const perCpu = Object.fromEntries(modes.map((m) => [m, []]));
const requests = Object.fromEntries(modes.map((m) => [m, 0]));
for (let t = 0; t < turns; t++) {
  const order = t % 2 ? [...modes].reverse() : modes;
  for (const m of order) {
    const before = await servers[m].cpu();
    const res = await load(servers[m].url, seconds);
    const used = (await servers[m].cpu()) - before;
    if (res.non2xx || res.errors) throw new Error(`${m}: ${res.non2xx} non-2xx`);
    perCpu[m].push((res.requests.total * 1e6) / used);
    requests[m] += res.requests.total;
  }
}
for (const m of modes) await servers[m].stop();
const med = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
for (const m of modes)
  console.log(m, 'requests', requests[m], 'req per CPU-s', perCpu[m].map(Math.round).join(' '), 'median', Math.round(med(perCpu[m])));
if (modes.length > 1) {
  const r = perCpu[modes[1]].map((x, i) => x / perCpu[modes[0]][i]);
  console.log(`${modes[1]} ÷ ${modes[0]}:`, r.map((x) => x.toFixed(3)).join(' '), 'median', med(r).toFixed(3));
}
if (dir) {
  for (const m of modes) {
    const file = readdirSync(join(dir, m)).find((f) => f.endsWith('.cpuprofile'));
    const prof = JSON.parse(readFileSync(join(dir, m, file), 'utf8'));
    const self = new Map();
    const dt = new Map();
    prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
    let total = 0;
    for (const n of prof.nodes) {
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
      const t = dt.get(n.id) ?? 0;
      total += t;
      self.set(k, (self.get(k) ?? 0) + t);
    }
    console.log(`\n${m}: top self time (% of ${Math.round(total / 1000)} ms sampled)`);
    for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(((100 * t) / total).toFixed(1).padStart(5), k);
  }
}
