// What a user installs: the packed tarball, installed with npm into a fresh ESM project. Checks
// the contents (no source maps, links that work on the registry page), the `express-client-cert`
// command, the testing subpath from CommonJS and ESM, that every public type is exported, and that
// every TypeScript block of the README compiles on its own under --strict against it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { type Consumer, built, installPacked, root } from './helpers/packed';

const describeBuilt = built ? describe : describe.skip;
if (!built) process.stderr.write('\n[notice] tarball tests: dist/ is missing (run `npm run build`); skipped.\n');

const tsc = require.resolve('typescript/bin/tsc');

/** The fenced TypeScript blocks of a markdown text, with the line each starts on. */
export function typescriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const fence = /^```(ts|typescript)[^\S\n]*\n([\s\S]*?)^```[^\S\n]*$/gm;
  for (const m of markdown.matchAll(fence)) {
    blocks.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[2] });
  }
  return blocks;
}

function compile(dir: string, files: string[], outDir?: string): string {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        ...(outDir ? { outDir, rootDir: dir } : { noEmit: true }),
        skipLibCheck: true,
        types: ['node'],
      },
      files,
    }),
  );
  const r = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? '' : r.stdout + r.stderr;
}

describeBuilt('the packed tarball', () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = installPacked();
  }, 180_000);
  afterAll(() => rmSync(dirname(consumer.dir), { recursive: true, force: true }));

  describe('contents', () => {
    it('ships no source maps and no file mentions a document that is not shipped', () => {
      expect(consumer.files.filter((f) => f.endsWith('.map'))).toEqual([]);
      const pkgDir = join(consumer.dir, 'node_modules/express-client-cert');
      for (const f of consumer.files.filter((f) => /\.(js|ts|md|json)$/.test(f))) {
        const text = readFileSync(join(pkgDir, f), 'utf8');
        expect({ f, sourceMap: /sourceMappingURL/.test(text), design: /DESIGN\.md/.test(text) }).toEqual({
          f,
          sourceMap: false,
          design: false,
        });
      }
    });

    it('links in shipped markdown are absolute, or point to shipped files', () => {
      for (const f of consumer.files.filter((f) => f.endsWith('.md'))) {
        const text = readFileSync(join(consumer.dir, 'node_modules/express-client-cert', f), 'utf8');
        for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
          if (/^(https?:|mailto:|#)/.test(target)) continue;
          expect({ f, target, shipped: consumer.files.includes(target.replace(/#.*$/, '').replace(/^\.\//, '')) }).toEqual({
            f,
            target,
            shipped: true,
          });
        }
      }
    });

    it('names its repository, home page and issue tracker', () => {
      const pkg = JSON.parse(readFileSync(join(consumer.dir, 'node_modules/express-client-cert/package.json'), 'utf8'));
      expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/express-client-cert\/express-client-cert\.git$/);
      expect(pkg.homepage).toMatch(/^https:\/\//);
      expect(pkg.bugs.url).toMatch(/^https:\/\/.*\/issues$/);
    });
  });

  it('installs the express-client-cert command, which runs through its shebang', () => {
    const bin = join(consumer.dir, 'node_modules/.bin/express-client-cert');
    const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
    const help = spawnSync(bin, ['--help'], { cwd: consumer.dir, encoding: 'utf8', env });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/express-client-cert inspect/);
    const inspect = spawnSync(bin, ['inspect', join(root, 'conformance/rfc9440/figure1-example-chain.pem')], {
      cwd: consumer.dir,
      encoding: 'utf8',
      env,
    });
    expect(inspect.status).toBe(0);
    expect(inspect.stdout).toContain('sha-256:     bfaf1f7e070f9fa8dd62905f158da73f84a1136624fbafcc9393c8f7287a69eb');
  });

  describe('express-client-cert/testing', () => {
    const body = `
const pki = await createTestPki({ name: 'Tar' });
const alice = await pki.issue({ cn: 'alice' });
const id = await createVerifier({ trustAnchors: pki.rootPem }).verify({ certificate: alice.pem, chain: [alice.chainPem] });
console.log(JSON.stringify({ subject: id.subject, header: alice.headers()['client-cert'].startsWith(':') }));`;
    const expected = { subject: 'CN=alice,O=Tar', header: true };

    it('imports from ESM', () => {
      const file = join(consumer.dir, 'testing.mjs');
      writeFileSync(
        file,
        `import { createTestPki } from 'express-client-cert/testing';\nimport { createVerifier } from 'express-client-cert';\n${body}`,
      );
      expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: consumer.dir, encoding: 'utf8' }))).toEqual(expected);
    });

    it('requires from CommonJS', () => {
      const file = join(consumer.dir, 'testing.cjs');
      writeFileSync(
        file,
        `const { createTestPki } = require('express-client-cert/testing');\nconst { createVerifier } = require('express-client-cert');\n(async () => {${body}\n})();`,
      );
      expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: consumer.dir, encoding: 'utf8' }))).toEqual(expected);
    });
  });

  it('exports every public type, from the main entry and the testing subpath', () => {
    const exported = (file: string): string[] =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
    const main = [...exported('src/types.ts'), 'RequestWithClientCert', 'ClientCertErrorCode', 'ClientCertMiddleware', 'NextFunction'];
    const imports =
      `import type { ${main.join(', ')} } from 'express-client-cert';\n` +
      `import type { ${exported('src/testing/types.ts').join(', ')} } from 'express-client-cert/testing';\nexport {};\n`;
    // .ts is ESM here ("type": "module", the import conditions); .cts resolves through the require conditions.
    writeFileSync(join(consumer.dir, 'types.ts'), imports);
    writeFileSync(join(consumer.dir, 'types.cts'), imports);
    expect(compile(consumer.dir, ['types.ts', 'types.cts'])).toBe('');
  });

  it('every TypeScript block of the README compiles on its own under --strict', () => {
    const blocks = typescriptBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(5);
    // One file per block, each a module of its own (`export {}`), so no block sees another's names.
    const files = blocks.map(({ line, code }) => {
      const name = `readme-line-${line}.ts`;
      writeFileSync(join(consumer.dir, name), `${code}\nexport {};\n`);
      return name;
    });
    expect(compile(consumer.dir, files)).toBe('');
  });

  it("the README's testing example runs as written and its assertions hold", () => {
    const example = typescriptBlocks(readFileSync(join(root, 'README.md'), 'utf8')).find((b) =>
      b.code.includes("from 'express-client-cert/testing'"),
    );
    expect(example).toBeDefined();
    writeFileSync(join(consumer.dir, 'testing-example.ts'), `${example!.code}\nconsole.log('example done');\n`);
    expect(compile(consumer.dir, ['testing-example.ts'], join(consumer.dir, 'out'))).toBe('');
    const out = execFileSync(process.execPath, [join(consumer.dir, 'out/testing-example.js')], { cwd: consumer.dir, encoding: 'utf8' });
    expect(out).toContain('example done');
  });
});

describe('typescriptBlocks', () => {
  it('finds ts and typescript fences, not others, with their start lines', () => {
    const md = 'a\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n```typescript\nlet b;\n```\n';
    expect(typescriptBlocks(md)).toEqual([
      { line: 2, code: 'const a = 1;\n' },
      { line: 8, code: 'let b;\n' },
    ]);
  });
});
