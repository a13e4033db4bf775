// "A chain OpenSSL accepts for client authentication is accepted; one it refuses is refused":
// certificates made with the openssl CLI the way people make them, judged by both.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerifier } from '../src/index';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) process.stderr.write('\n[notice] openssl CLI not found: OpenSSL interop tests skipped.\n');
const describeOpenssl = hasOpenssl ? describe : describe.skip;

describeOpenssl('agreement with openssl verify -purpose sslclient', () => {
  let dir: string;
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecc-openssl-'));
    run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/O=Acme/CN=Acme CA');
    run('req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other.pem', '-days', '30', '-subj', '/O=Other/CN=Other CA');
    writeFileSync(join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
    writeFileSync(join(dir, 'server.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
    const issue = (name: string, ca: string, ext?: string): void => {
      run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/O=Acme/CN=${name}`);
      run(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${ca}.pem`,
        '-CAkey',
        `${ca}.key`,
        '-out',
        `${name}.pem`,
        '-days',
        '10',
        ...(ext ? ['-extfile', ext] : []),
      );
    };
    issue('plain', 'ca'); // OpenSSL's default: a v1 certificate without extensions
    issue('client', 'ca', 'client.ext');
    issue('server', 'ca', 'server.ext');
    issue('stranger', 'other', 'client.ext');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function opensslAccepts(leaf: string): boolean {
    return spawnSync('openssl', ['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', `${leaf}.pem`], { cwd: dir }).status === 0;
  }
  async function ours(leaf: string, now?: Date): Promise<string> {
    const v = createVerifier({ trustAnchors: readFileSync(join(dir, 'ca.pem'), 'utf8'), ...(now ? { now: () => now } : {}) });
    try {
      await v.verify({ certificate: readFileSync(join(dir, `${leaf}.pem`), 'utf8') });
      return 'ok';
    } catch (err) {
      return (err as { code: string }).code;
    }
  }

  it.each<[string, string]>([
    ['plain', 'ok'],
    ['client', 'ok'],
    ['server', 'ERR_CLIENT_CERT_USAGE'],
    ['stranger', 'ERR_CLIENT_CERT_UNTRUSTED'],
  ])('%s: same verdict as OpenSSL', async (leaf, expected) => {
    expect(await ours(leaf)).toBe(expected);
    expect(opensslAccepts(leaf)).toBe(expected === 'ok');
  });

  it('an OpenSSL leaf past its notAfter is ERR_CLIENT_CERT_EXPIRED', async () => {
    expect(await ours('client', new Date(Date.now() + 20 * 86_400_000))).toBe('ERR_CLIENT_CERT_EXPIRED');
  });
});
