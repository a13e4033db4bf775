// Runs one task of a TypeScript module in a worker thread, for test/helpers/deadline.ts. The
// worker is plain Node, outside jest's transform, so the sources are transpiled here (types are
// checked by `npm run lint`, not here), and imports of `./x.js` resolve to `./x.ts` as under ts-jest.
const { parentPort, threadId, workerData } = require('node:worker_threads');
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');

// Transpiled sources are cached by content: loading the compiler costs more than the work.
const CACHE = path.resolve(__dirname, '..', '..', '.tmp', 'worker-ts');
let ts;

function transpile(source, filename) {
  const file = path.join(CACHE, `${createHash('sha256').update(filename).update('\0').update(source).digest('hex')}.js`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  ts ??= require('typescript');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  mkdirSync(CACHE, { recursive: true });
  // Written aside and renamed, so that a concurrent worker never reads half a file.
  const partial = `${file}.${process.pid}.${threadId}`;
  writeFileSync(partial, outputText);
  renameSync(partial, file);
  return outputText;
}

// Under mutation testing, run the same mutant as the test that started this worker.
if (workerData.strykerGlobal !== undefined) globalThis[workerData.strykerNamespace] = workerData.strykerGlobal;

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(readFileSync(filename, 'utf8'), filename), filename);
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTs(request, parent, ...rest) {
  if (parent && request.startsWith('.') && request.endsWith('.js') && parent.filename && parent.filename.endsWith('.ts')) {
    const candidate = path.resolve(path.dirname(parent.filename), request.replace(/\.js$/, '.ts'));
    if (existsSync(candidate)) return candidate;
  }
  return resolve.call(this, request, parent, ...rest);
};

Promise.resolve()
  .then(() => require(workerData.modulePath)[workerData.exportName](workerData.args))
  .then(
    (value) => parentPort.postMessage({ ok: true, value }),
    (err) => parentPort.postMessage({ ok: false, error: describe(err) }),
  );

/** An error with its chain of causes (fast-check puts the property's own error there). */
function describe(err) {
  const parts = [];
  for (let e = err, depth = 0; e !== undefined && depth < 5; e = e instanceof Error ? e.cause : undefined, depth++) {
    parts.push(e instanceof Error ? e.stack || e.message : String(e));
  }
  return parts.join('\nCaused by: ');
}
