// Cold against warm HTTP, side by side: `node bench/cold-http.mjs [seconds] [turns]` starts the
// middleware app twice (BASE_PATH, when set, adds two more from another build, to compare builds)
// and measures, in alternating turns, requests per server CPU-second with the same certificate on
// every request (warm) and with a never-seen leaf on every request (cold); prints cold ÷ warm per
// turn and its median. The same requests as `npm run bench`'s cold HTTP figure.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { encodeClientCert } from 'express-client-cert';
import { makeBenchPki } from './fixtures.mjs';

const seconds = Number(process.argv[2] ?? 2);
const turns = Number(process.argv[3] ?? 4);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const pki = await makeBenchPki('ec');
const chain = encodeClientCert(pki.intermediateDer);
const warmHeaders = { 'client-cert': encodeClientCert(pki.leafNumber(1)), 'client-cert-chain': chain };
const coldLeaves = Array.from({ length: 40_000 }, (_, i) => encodeClientCert(pki.leafNumber(i + 2)));
let sent = 0;

function load(url, cold, duration) {
  return autocannon({
    url,
    connections: 16,
    duration,
    headers: warmHeaders,
    ...(cold
      ? {
          requests: [
            { setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'client-cert': coldLeaves[sent++ % coldLeaves.length] } }) },
          ],
        }
      : {}),
  });
}

async function start(path) {
  const child = spawn(process.execPath, [here('./server.mjs'), 'middleware', Buffer.from(pki.rootPem).toString('base64')], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...(path ? { MW_PATH: path } : {}) },
  });
  const { port } = await new Promise((r) => child.once('message', r));
  const cpu = () => new Promise((r) => (child.once('message', (m) => r(m.cpu)), child.send('cpu')));
  return { url: `http://127.0.0.1:${port}/`, cpu, stop: () => new Promise((r) => (child.once('exit', r), child.send('stop'))) };
}

const builds = process.env.BASE_PATH ? { base: process.env.BASE_PATH, this: undefined } : { this: undefined };
const runs = [];
for (const [name, path] of Object.entries(builds)) {
  for (const cold of [false, true]) runs.push({ name, cold, server: await start(path), perCpu: [] });
}
for (const r of runs) await load(r.server.url, r.cold, 1);
for (let t = 0; t < turns; t++) {
  for (const r of t % 2 ? [...runs].reverse() : runs) {
    const before = await r.server.cpu();
    const res = await load(r.server.url, r.cold, seconds);
    const used = (await r.server.cpu()) - before;
    if (res.non2xx || res.errors) throw new Error(`${r.name}: ${res.non2xx} non-2xx, ${res.errors} errors`);
    r.perCpu.push((res.requests.total * 1e6) / used);
  }
}
for (const r of runs) await r.server.stop();
const med = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
for (const name of Object.keys(builds)) {
  const [warm, cold] = [false, true].map((c) => runs.find((r) => r.name === name && r.cold === c).perCpu);
  const ratio = cold.map((x, i) => x / warm[i]);
  console.log(
    `${name}: warm ${Math.round(med(warm))}, cold ${Math.round(med(cold))} requests per server CPU-second;`,
    `cold ÷ warm ${ratio.map((x) => x.toFixed(3)).join(' ')}, median ${med(ratio).toFixed(3)}`,
  );
}
