// The `express-client-cert` command, run as users run it: the built file as a child process,
// on files written by the test PKI. Exit status 0 accepted / done, 1 refused, 2 usage error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeClientCert, encodeClientCertChain } from '../src/index';
import { type TestCertificate, type TestPki, createTestPki } from '../src/testing/index';

const cli = resolve(__dirname, '../dist/cjs/cli/index.js');
const describeBuilt = existsSync(cli) ? describe : describe.skip;
if (!existsSync(cli)) process.stderr.write('\n[notice] CLI tests: dist/ is missing (run `npm run build`); skipped.\n');

const NOW = new Date('2030-06-01T12:00:00Z');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let pki: TestPki;
let alice: TestCertificate;
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describeBuilt('express-client-cert CLI', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecc-cli-'));
    pki = await createTestPki({ name: 'Cli', now: NOW });
    alice = await pki.issue({ cn: 'alice', san: { dns: ['alice.internal'], ip: ['10.0.0.7'] } });
    file('root.pem', pki.rootPem);
    file('inter.pem', pki.intermediatePem);
    file('alice.pem', alice.pem);
    file('alice.der', alice.der);
    file('bundle.pem', alice.pem + pki.intermediatePem);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('inspect', () => {
    it.each([
      ['PEM', 'alice.pem'],
      ['DER', 'alice.der'],
    ])('prints subject, issuer, serial, fingerprint, validity and SANs of a %s certificate', (_kind, name) => {
      const r = run('inspect', name);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('subject:     CN=alice,O=Cli');
      expect(r.stdout).toContain('issuer:      CN=Cli Test Intermediate CA,O=Cli');
      expect(r.stdout).toContain(`serial:      ${alice.serialNumber}`);
      expect(r.stdout).toContain(`sha-256:     ${alice.fingerprint256}`);
      expect(r.stdout).toContain(`not before:  ${alice.notBefore.toISOString()}`);
      expect(r.stdout).toContain(`not after:   ${alice.notAfter.toISOString()}`);
      expect(r.stdout).toContain('SANs:        dns:alice.internal, ip:10.0.0.7');
    });

    it('reads RFC 9440 field values, bare or with their field names, and --json lists every certificate', () => {
      file('bare.txt', `${encodeClientCert(alice.pem)}\n`);
      expect(run('inspect', 'bare.txt').stdout).toContain('subject:     CN=alice,O=Cli');
      file('fields.txt', `Client-Cert: ${encodeClientCert(alice.pem)}\nclient-cert-chain: ${encodeClientCertChain(pki.intermediatePem)}\n`);
      const r = run('inspect', '--json', 'fields.txt');
      expect(r.status).toBe(0);
      const parsed = JSON.parse(r.stdout) as { subject: string; fingerprint256: string; ca: boolean }[];
      expect(parsed.map((c) => [c.subject, c.ca])).toEqual([
        ['CN=alice,O=Cli', false],
        ['CN=Cli Test Intermediate CA,O=Cli', true],
      ]);
      expect(parsed[0].fingerprint256).toBe(alice.fingerprint256);
    });

    it('a field value that does not decode exits 1 with the decoder message; a missing file is a usage error', () => {
      file('garbage.txt', 'Client-Cert: not-a-byte-sequence\n');
      const bad = run('inspect', 'garbage.txt');
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/^express-client-cert: Client-Cert .*RFC 8941/); // the decoder's own message
      const missing = run('inspect', 'nope.pem');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/cannot read nope\.pem: ENOENT/);
      expect(missing.stderr).toMatch(/Usage:/);
    });
  });

  describe('encode', () => {
    it('prints Client-Cert and Client-Cert-Chain lines equal to the library helpers', () => {
      const r = run('encode', 'alice.pem', 'inter.pem');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(
        `Client-Cert: ${encodeClientCert(alice.pem)}\nClient-Cert-Chain: ${encodeClientCertChain([pki.intermediatePem])}\n`,
      );
      // A bundle's first certificate is the leaf, the rest its chain.
      expect(run('encode', 'bundle.pem').stdout).toBe(r.stdout);
      // Without a chain, only Client-Cert.
      expect(run('encode', 'alice.der').stdout).toBe(`Client-Cert: ${encodeClientCert(alice.pem)}\n`);
    });

    it('its output is accepted by verify as the leaf file', () => {
      file('encoded.txt', run('encode', 'bundle.pem').stdout);
      const r = run('verify', '--ca', 'root.pem', '--at', NOW.toISOString(), 'encoded.txt');
      expect(r.status).toBe(0);
    });
  });

  describe('verify', () => {
    const at = ['--at', NOW.toISOString()];

    it('accepts a valid client: exit 0, the decision, subject and path', () => {
      const r = run('verify', '--ca', 'root.pem', ...at, 'alice.pem', 'inter.pem');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('decision: accepted');
      expect(r.stdout).toContain('subject:  CN=alice,O=Cli');
      expect(r.stdout).toContain('path:     CN=alice,O=Cli <- CN=Cli Test Intermediate CA,O=Cli <- CN=Cli Test Root CA,O=Cli');
    });

    it('refuses with exit 1 and prints the code and reason', async () => {
      const expired = await pki.issue({ cn: 'carol', expired: true });
      file('carol.pem', expired.pem);
      const r = run('verify', '--ca', 'root.pem', ...at, 'carol.pem', 'inter.pem');
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('decision: refused');
      expect(r.stdout).toContain('code:     ERR_CLIENT_CERT_EXPIRED');
      expect(r.stdout).toMatch(/reason: {3}\S+/);
      const json = JSON.parse(run('verify', '--json', '--ca', 'root.pem', ...at, 'carol.pem', 'inter.pem').stdout);
      expect(json).toMatchObject({ decision: 'refused', code: 'ERR_CLIENT_CERT_EXPIRED' });
      expect(typeof json.reason).toBe('string');
    });

    it('--at sets the validation time', () => {
      const later = new Date(alice.notAfter.getTime() + 1000).toISOString();
      const r = run('verify', '--json', '--ca', 'root.pem', '--at', later, 'bundle.pem');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).code).toBe('ERR_CLIENT_CERT_EXPIRED');
    });

    it('a certificate of another CA is untrusted', async () => {
      const other = await createTestPki({ name: 'Other', now: NOW });
      const mallory = await other.issue({ cn: 'mallory' });
      file('mallory.pem', mallory.pem + other.intermediatePem);
      const r = run('verify', '--json', '--ca', 'root.pem', ...at, 'mallory.pem');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).code).toBe('ERR_CLIENT_CERT_UNTRUSTED');
    });

    it('--eku chooses the usage: serverAuth refuses a client-only leaf, any accepts a server-only one', async () => {
      expect(JSON.parse(run('verify', '--json', '--ca', 'root.pem', ...at, '--eku', 'serverAuth', 'bundle.pem').stdout).code).toBe(
        'ERR_CLIENT_CERT_USAGE',
      );
      const server = await pki.issue({ cn: 'web', eku: ['serverAuth'], san: { dns: ['web.internal'] } });
      file('server.pem', server.pem + pki.intermediatePem);
      expect(run('verify', '--ca', 'root.pem', ...at, 'server.pem').status).toBe(1);
      expect(run('verify', '--ca', 'root.pem', ...at, '--eku', 'any', 'server.pem').status).toBe(0);
      expect(run('verify', '--ca', 'root.pem', ...at, '--eku', 'serverAuth', 'server.pem').status).toBe(0);
    });

    it('--crl checks revocation', async () => {
      const local = await createTestPki({ name: 'Crl', now: NOW });
      const dave = await local.issue({ cn: 'dave' });
      file('crl-root.pem', local.rootPem);
      file('dave.pem', dave.pem + local.intermediatePem);
      file('good.crl', await local.crlPem());
      expect(run('verify', '--ca', 'crl-root.pem', '--crl', 'good.crl', ...at, 'dave.pem').status).toBe(0);
      local.revoke(dave);
      file('revoked.crl', await local.crlPem());
      const r = run('verify', '--json', '--ca', 'crl-root.pem', '--crl', 'revoked.crl', ...at, 'dave.pem');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).code).toBe('ERR_CLIENT_CERT_REVOKED');
    });

    it('a leaf field value that does not decode is refused as malformed (exit 1)', () => {
      file('bad-field.txt', 'Client-Cert: :!!!:\n');
      const r = run('verify', '--json', '--ca', 'root.pem', 'bad-field.txt');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).code).toBe('ERR_CLIENT_CERT_MALFORMED');
    });

    it.each([
      ['no --ca', ['verify', 'alice.pem'], /needs --ca/],
      ['no leaf', ['verify', '--ca', 'root.pem'], /give the leaf certificate file/],
      ['a bad --at', ['verify', '--ca', 'root.pem', '--at', 'yesterday', 'alice.pem'], /--at yesterday is not an ISO 8601 time/],
      ['a bad --eku', ['verify', '--ca', 'root.pem', '--eku', 'clientauth', 'alice.pem'], /--eku must be clientAuth, serverAuth or any/],
      ['a CA file that is not a CA', ['verify', '--ca', 'alice.pem', 'alice.pem'], /is not a CA certificate/],
      ['a CA file without certificates', ['verify', '--ca', 'fields.txt', 'alice.pem'], /does not parse as X\.509|holds no/],
      ['an unknown option', ['verify', '--ca', 'root.pem', '--nope', 'alice.pem'], /Unknown option '--nope'/],
      ['an unknown command', ['check', 'alice.pem'], /unknown command `check`/],
      ['no command', [], /no command given/],
    ])('%s is a usage error (exit 2)', (_label, args, message) => {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });

    it('--help prints the usage and exits 0', () => {
      const r = run('--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/express-client-cert verify --ca <file>/);
    });
  });
});
