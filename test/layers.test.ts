// The three layers of DESIGN.md §1, read from the source: src/x509/ imports only itself, src/verify/
// only itself and src/x509/ (and node built-ins), and no runtime import cycle exists anywhere in src/.
// Type-only imports are erased by the compiler and do not count. The core reads no clock itself.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Comments removed (roughly, but never inside a string that matters here), so that prose cannot count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The specifiers a file imports at run time: `import type`, `export type` and all-`type` braces excluded. */
export function runtimeImports(text: string): string[] {
  const out: string[] = [];
  const statement = /^\s*(import|export)\s+([^;'"]*?)\s*from\s*'([^']+)'/gm;
  for (const m of code(text).matchAll(statement)) {
    const clause = m[2].trim();
    if (clause.startsWith('type ') || clause.startsWith('type{')) continue;
    const braces = /^\{([\s\S]*)\}$/.exec(clause);
    if (braces) {
      const names = braces[1]
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    }
    out.push(m[3]);
  }
  for (const m of code(text).matchAll(/^\s*import\s*'([^']+)'/gm)) out.push(m[1]);
  for (const m of code(text).matchAll(/\b(?:import|require)\(\s*'([^']+)'\s*\)/g)) out.push(m[1]);
  return out;
}

/** `src/`-relative path of a relative specifier, or the bare specifier itself. */
function target(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(src, resolve(dirname(from), spec.replace(/\.js$/, '.ts')))
    .split('\\')
    .join('/');
}

const files = sourceFiles(src);
const graph = new Map<string, string[]>(
  files.map((f) => [relative(src, f).split('\\').join('/'), runtimeImports(readFileSync(f, 'utf8')).map((s) => target(f, s))]),
);

/** Forbidden edges of `from`: what its layer may not import. */
export function layerViolations(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const bad: string[] = [];
  for (const [from, targets] of edges) {
    for (const to of targets) {
      const local = to.endsWith('.ts');
      if (from.startsWith('x509/')) {
        if (local ? !to.startsWith('x509/') : !to.startsWith('node:')) bad.push(`${from} -> ${to}`);
      } else if (from.startsWith('verify/')) {
        // Beside node built-ins, the core may use the project's chosen bounded cache.
        if (local ? !to.startsWith('verify/') && !to.startsWith('x509/') : !to.startsWith('node:') && to !== 'lru-cache')
          bad.push(`${from} -> ${to}`);
      }
    }
  }
  return bad;
}

/** The first runtime cycle among src/ files, as a list of files (first = last), or undefined. */
export function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('layers', () => {
  it('reads the import graph (every relative import resolves to a file of src/)', () => {
    expect(graph.size).toBeGreaterThan(50);
    const unresolved = [...graph].flatMap(([from, targets]) =>
      targets.filter((t) => t.endsWith('.ts') && !graph.has(t)).map((t) => `${from} -> ${t}`),
    );
    expect(unresolved).toEqual([]);
  });

  it('x509/ imports only x509/, verify/ only verify/ and x509/ (and node built-ins)', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('the runtime import graph of src/ has no cycle', () => {
    const cycle = findCycle(graph);
    expect(cycle?.join(' -> ')).toBeUndefined();
  });

  it('verify/ reads no clock: the decision time comes in as nowMs', () => {
    const reads = files
      .filter((f) => relative(src, f).startsWith('verify'))
      .flatMap((f) =>
        code(readFileSync(f, 'utf8'))
          .split('\n')
          .filter((line) => /\bDate\.now\(|\bnew Date\(\s*\)|\bperformance\.now\(|\bprocess\.hrtime/.test(line))
          .map((line) => `${relative(src, f)}: ${line.trim()}`),
      );
    expect(reads).toEqual([]);
  });

  // The checks themselves must be able to fail.
  it('flags a forbidden edge, a type-only import aside, and a cycle', () => {
    expect(runtimeImports("import type { A } from './a.js';\nimport { type B } from './b.js';\nexport type { C } from './c.js';")).toEqual(
      [],
    );
    expect(runtimeImports("import { type A, b } from './a.js';\nexport { c } from './c.js';")).toEqual(['./a.js', './c.js']);
    const edges = new Map([
      ['verify/a.ts', ['errors.ts', 'x509/b.ts', 'node:crypto', 'lru-cache', 'express']],
      ['x509/b.ts', ['verify/a.ts', 'lru-cache']],
      ['errors.ts', []],
    ]);
    expect(layerViolations(edges)).toEqual([
      'verify/a.ts -> errors.ts',
      'verify/a.ts -> express',
      'x509/b.ts -> verify/a.ts',
      'x509/b.ts -> lru-cache',
    ]);
    expect(findCycle(edges)).toEqual(['verify/a.ts', 'x509/b.ts', 'verify/a.ts']);
    expect(
      findCycle(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toBeUndefined();
  });
});
