// Installs the packed tarball (npm pack → npm install, as a user gets it) into a fresh consumer
// project, with the optional peer @peculiar/x509; other type packages a README example needs are
// linked from this repository's node_modules after the install (npm would prune them before).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const root = resolve(__dirname, '../..');
export const built = existsSync(join(root, 'dist/cjs/index.js')) && existsSync(join(root, 'dist/esm/index.js'));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Packages the README's examples import, linked into the consumer. */
const LINKED = [
  'express',
  'supertest',
  'pino',
  '@nestjs/common',
  'reflect-metadata',
  'rxjs',
  '@types/express',
  '@types/express-serve-static-core',
  '@types/node',
  '@types/supertest',
];

export interface Consumer {
  dir: string;
  tarball: string;
  files: string[];
}

/** Packs the package and installs it into a new consumer directory (ESM: `"type": "module"`). */
export function installPacked(): Consumer {
  const work = mkdtempSync(join(tmpdir(), 'ecc-packed-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = join(work, packed[0].filename);
  const dir = join(work, 'consumer');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const x509Version = (JSON.parse(readFileSync(join(root, 'node_modules/@peculiar/x509/package.json'), 'utf8')) as { version: string })
    .version;
  execFileSync(
    npm,
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      tarball,
      `@peculiar/x509@${x509Version}`,
    ],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (const dep of LINKED) {
    const target = join(dir, 'node_modules', dep);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), target, 'dir');
  }
  return { dir, tarball, files: packed[0].files.map((f) => f.path) };
}
