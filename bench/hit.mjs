// The cache-hit path in process, for profiling (`node --cpu-prof bench/hit.mjs`): µs per request of
// the middleware and of the floor, called directly with fresh header strings, as run.mjs measures.
import { floor, middleware, request } from './hit-setup.mjs';
const run = (fn, n) => {
  let ms = 0;
  for (let i = 0; i < n; i++) {
    const req = request();
    const t = performance.now();
    fn(req, {}, () => undefined);
    ms += performance.now() - t;
  }
  return (ms * 1000) / n;
};
const which = process.argv[2] ?? 'both';
const n = Number(process.argv[3] ?? 100_000);
for (let r = 0; r < 5; r++) {
  const m = which !== 'floor' ? run(middleware, n) : 0;
  const f = which !== 'middleware' ? run(floor, n) : 0;
  console.log(`middleware ${m.toFixed(3)} µs, floor ${f.toFixed(3)} µs`);
}
