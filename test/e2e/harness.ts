// Real proxies for end-to-end tests: configuration from examples/proxies, a throwaway PKI,
// free ports on 127.0.0.1, processes started and stopped by their pid, and real TLS clients.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { DAY, makeCert, makeKey, type TestCert } from '../helpers/pki';

export const EXAMPLES = resolve(__dirname, '../../examples/proxies');

/** True when `binary` is on the PATH. */
export function hasBinary(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Resolves once something accepts connections on the port (or rejects after `ms`). */
export async function waitForPort(port: number, ms = 15_000, child?: ChildProcess, output?: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}: ${output?.() ?? ''}`);
    const ok = await new Promise<boolean>((done) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}: ${output?.() ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A started server process; `stop` ends it by its pid. */
export interface Running {
  readonly pid: number;
  stop(): Promise<void>;
  output(): string;
}

export async function startProcess(command: string, args: string[], port: number, env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const running: Running = {
    pid: child.pid ?? -1,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid as number, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid as number, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitForPort(port, 15_000, child, () => out);
  } catch (err) {
    await running.stop();
    throw err;
  }
  return running;
}

/** Copies an example file into `dir`, filling in its placeholders. */
export function renderExample(name: string, file: string, dir: string, values: Record<string, string | number>): string {
  let text = readFileSync(join(EXAMPLES, name, file), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.split(`\${${k}}`).join(String(v));
  const target = join(dir, file);
  writeFileSync(target, text);
  return target;
}

export { copyFileSync, mkdirSync };

const keyPem = (c: TestCert): string => c.key.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

/** The PKI of the end-to-end tests, written to `dir`. */
export function writePki(dir: string) {
  const root = makeCert({ subject: { O: 'E2E', CN: 'E2E Root CA' }, ca: true });
  const intermediate = makeCert({ subject: { O: 'E2E', CN: 'E2E Client CA' }, issuer: root, ca: true, pathLen: 0 });
  const now = new Date();
  const server = makeCert({
    subject: { CN: 'localhost' },
    issuer: root,
    eku: ['1.3.6.1.5.5.7.3.1'],
    san: { dns: ['localhost'], ip: [new Uint8Array([127, 0, 0, 1])] },
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 30 * DAY),
  });
  const client = (cn: string, issuer: TestCert, spec: { expired?: boolean } = {}) =>
    makeCert({
      subject: { O: 'E2E', CN: cn },
      issuer,
      key: makeKey('p256'),
      notBefore: new Date(now.getTime() - (spec.expired ? 10 : 1) * DAY),
      notAfter: new Date(now.getTime() + (spec.expired ? -DAY : 30 * DAY)),
    });
  const alice = client('alice', intermediate);
  const mallory = client('mallory', intermediate);
  const expired = client('expired', intermediate, { expired: true });
  const foreignRoot = makeCert({ subject: { O: 'Elsewhere', CN: 'Other CA' }, ca: true });
  const foreign = client('foreign', foreignRoot);

  writeFileSync(join(dir, 'ca.pem'), root.pem);
  writeFileSync(join(dir, 'server.pem'), server.pem);
  writeFileSync(join(dir, 'server.key'), keyPem(server));
  writeFileSync(join(dir, 'server-with-key.pem'), server.pem + keyPem(server));
  const files: Record<string, { cert: string; key: string; leaf: TestCert }> = {};
  for (const [name, leaf, chain] of [
    ['alice', alice, intermediate],
    ['mallory', mallory, intermediate],
    ['expired', expired, intermediate],
    ['foreign', foreign, foreignRoot],
  ] as const) {
    // Clients send their intermediate too, so a proxy that forwards the chain has one to forward.
    writeFileSync(join(dir, `${name}.pem`), leaf.pem + chain.pem);
    writeFileSync(join(dir, `${name}.key`), keyPem(leaf));
    files[name] = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`), leaf };
  }
  return { root, intermediate, clients: files, ca: join(dir, 'ca.pem') };
}

export interface WhoAmI {
  subject: string | null;
  fingerprint256: string | null;
  error: string | null;
}

/** What curl got: the app's answer, or the status of a response the proxy made itself. */
export type CurlResult = WhoAmI | { proxyStatus: number };

/** A request with curl, as a client of the proxy on `port` (SNI "localhost"). */
export function curl(
  port: number,
  ca: string,
  client?: { cert: string; key: string },
  headers: Record<string, string> = {},
): Promise<CurlResult> {
  const args = ['-sS', '--max-time', '10', '-w', '\n%{http_code}', '--cacert', ca, '--resolve', `localhost:${port}:127.0.0.1`];
  if (client) args.push('--cert', client.cert, '--key', client.key);
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(`https://localhost:${port}/whoami`);
  return new Promise((done, fail) =>
    execFile('curl', args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`curl failed: ${stderr || err.message}`));
      const cut = stdout.lastIndexOf('\n');
      const status = Number(stdout.slice(cut + 1));
      if (status !== 200) return done({ proxyStatus: status });
      try {
        done(JSON.parse(stdout.slice(0, cut)) as WhoAmI);
      } catch {
        fail(new Error(`curl got: ${stdout}`));
      }
    }),
  );
}

function collect(res: http.IncomingMessage): Promise<WhoAmI> {
  return new Promise((done, fail) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => {
      try {
        done(JSON.parse(body) as WhoAmI);
      } catch {
        fail(new Error(`got ${res.statusCode}: ${body}`));
      }
    });
  });
}

/** A request with Node's https client and a client certificate. */
export function nodeHttps(
  port: number,
  ca: string,
  client?: { cert: string; key: string },
  headers: Record<string, string> = {},
): Promise<WhoAmI> {
  return new Promise((done, fail) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        path: '/whoami',
        ca: readFileSync(ca),
        // The Host header must match the SNI name (Caddy answers 421 otherwise).
        headers: { host: `localhost:${port}`, ...headers },
        agent: false,
        ...(client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}),
      },
      (res) => collect(res).then(done, fail),
    );
    req.on('error', fail);
    req.end();
  });
}

/** A plain HTTP request straight to the app, from another loopback address (not the proxy's). */
export function direct(port: number, localAddress: string, headers: Record<string, string>): Promise<WhoAmI> {
  return new Promise((done, fail) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/whoami', localAddress, headers, agent: false }, (res) =>
      collect(res).then(done, fail),
    );
    req.on('error', fail);
    req.end();
  });
}
