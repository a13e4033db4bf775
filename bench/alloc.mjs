// Bytes allocated per request on the cache-hit path, middleware against floor, counted (not timed):
// run with a young generation large enough that no collection happens during a burst
// (`node --min-semi-space-size=64 --max-semi-space-size=64 bench/alloc.mjs`), the growth of the
// heap over a burst is what the burst allocated. Load on the machine does not change it.
import { floor, middleware, request } from './hit-setup.mjs';
const BURST = 2000;
const reqs = [];
function burst(fn) {
  reqs.length = 0;
  for (let i = 0; i < BURST; i++) reqs.push(request());
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < BURST; i++) fn(reqs[i], {}, () => undefined);
  return (process.memoryUsage().heapUsed - before) / BURST;
}
for (let i = 0; i < 20; i++) {
  burst(middleware);
  burst(floor);
}
const m = [];
const f = [];
for (let i = 0; i < 9; i++) {
  m.push(burst(middleware));
  f.push(burst(floor));
}
const med = (l) => [...l].sort((a, b) => a - b)[4];
console.error(`bytes allocated per request: middleware ${Math.round(med(m))}, floor ${Math.round(med(f))}`);
process.stdout.write(JSON.stringify({ middleware: med(m), floor: med(f) }));
