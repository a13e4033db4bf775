#!/usr/bin/env node
/**
 * The `express-client-cert` command: inspect a certificate or a forwarded field value, encode
 * certificates as RFC 9440 fields for curl, and verify a chain with the middleware's own engine.
 * Exit status: 0 done (or accepted), 1 refused (or unreadable certificate), 2 usage error.
 */
import { parseArgs } from 'node:util';
import { parseCertificateDer } from '../x509/certificate.js';
import { encodeClientCert, encodeClientCertChain } from '../encode.js';
import { isClientCertError } from '../errors.js';
import { formatRfc4514 } from '../x509/names.js';
import { createVerifier } from '../verifier.js';
import { UsageError, readCertificates, readPemOrDer } from './input.js';

const USAGE = `Usage:
  express-client-cert inspect [--json] <file>
      subject, issuer, serial, SHA-256 fingerprint, validity and SANs of each certificate in a
      PEM or DER file, or in RFC 9440 field values (Client-Cert / Client-Cert-Chain lines)
  express-client-cert encode <leaf> [chain…]
      prints "Client-Cert: …" and "Client-Cert-Chain: …" lines, e.g. for curl -H
  express-client-cert verify --ca <file> [--ca <file>…] [--crl <file>…] [--at <ISO time>]
                             [--eku clientAuth|serverAuth|any] [--json] <leaf> [chain…]
      validates as the middleware does and prints the decision, its code and reason
      exit status: 0 accepted, 1 refused, 2 usage error

Files may hold PEM (several certificates: the first is the leaf), DER, or field values; - is stdin.`;

const EKU: Readonly<Record<string, readonly string[] | null>> = {
  clientAuth: ['1.3.6.1.5.5.7.3.2'],
  serverAuth: ['1.3.6.1.5.5.7.3.1'],
  any: null,
};

function write(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function describe(der: Uint8Array): Record<string, unknown> {
  const cert = parseCertificateDer(der);
  const sans = cert.subjectAltNames.flatMap((n) =>
    n.type === 'dn' ? [`dirName:${formatRfc4514(n.value)}`] : n.type === 'other' ? [] : [`${n.type}:${n.value}`],
  );
  return {
    subject: cert.subjectString,
    issuer: formatRfc4514(cert.issuer),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    san: sans,
    ca: cert.basicConstraints?.ca === true,
  };
}

function inspect(args: string[]): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('inspect takes one file');
  const { ders } = readCertificates(positionals[0]);
  const described = ders.map((der, i) => {
    try {
      return describe(der);
    } catch (err) {
      throw new Error(`certificate ${i + 1} of ${positionals[0]} is not a DER X.509 certificate (${(err as Error).message})`);
    }
  });
  if (values.json) {
    write(JSON.stringify(described, null, 2));
    return 0;
  }
  described.forEach((d, i) => {
    if (i) write();
    write(`certificate ${i + 1} of ${described.length}${i === 0 && described.length > 1 ? ' (leaf)' : ''}`);
    write(`  subject:     ${String(d.subject)}`);
    write(`  issuer:      ${String(d.issuer)}`);
    write(`  serial:      ${String(d.serialNumber)}`);
    write(`  sha-256:     ${String(d.fingerprint256)}`);
    write(`  not before:  ${String(d.notBefore)}`);
    write(`  not after:   ${String(d.notAfter)}`);
    write(`  SANs:        ${(d.san as string[]).join(', ') || '(none)'}`);
    write(`  CA:          ${d.ca ? 'yes' : 'no'}`);
  });
  return 0;
}

/** The leaf file's certificates (a bundle's first is the leaf) and every chain file's, in order. */
function leafAndChain(files: readonly string[]): { leaf: Uint8Array; chain: Uint8Array[] } {
  if (files.length === 0) throw new UsageError('give the leaf certificate file');
  const [first, ...rest] = files.map((f) => readCertificates(f).ders);
  return { leaf: first[0], chain: [...first.slice(1), ...rest.flat()] };
}

function encode(args: string[]): number {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  const { leaf, chain } = leafAndChain(positionals);
  write(`Client-Cert: ${encodeClientCert(leaf)}`);
  if (chain.length) write(`Client-Cert-Chain: ${encodeClientCertChain(chain)}`);
  return 0;
}

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ca: { type: 'string', multiple: true },
      crl: { type: 'string', multiple: true },
      at: { type: 'string' },
      eku: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (!values.ca?.length) throw new UsageError('verify needs --ca <file>: the CA certificate(s) to trust');
  const at = values.at === undefined ? undefined : new Date(values.at);
  if (at && Number.isNaN(at.getTime())) throw new UsageError(`--at ${values.at} is not an ISO 8601 time (e.g. 2030-06-01T12:00:00Z)`);
  const eku = values.eku ?? 'clientAuth';
  if (!Object.hasOwn(EKU, eku)) throw new UsageError(`--eku must be clientAuth, serverAuth or any (got ${eku})`);
  if (positionals.length === 0) throw new UsageError('give the leaf certificate file');
  let verifier;
  try {
    verifier = createVerifier({
      trustAnchors: values.ca.map((f) => readPemOrDer(f, 'certificate')),
      crls: values.crl?.map((f) => readPemOrDer(f, 'crl')),
      requiredEku: EKU[eku],
      ...(at ? { now: () => at } : {}),
    });
  } catch (err) {
    // createVerifier's TypeErrors say what is wrong with the trust anchors or CRLs given.
    if (err instanceof TypeError) throw new UsageError(err.message.replace(/^createVerifier\(\): /, ''));
    throw err;
  }
  try {
    // Inside the try: a field value that does not decode is refused as the middleware would refuse it.
    const { leaf, chain } = leafAndChain(positionals);
    const identity = await verifier.verify({ certificate: leaf, chain });
    const path = identity.chain.map((c) => c.subject);
    if (values.json) write(JSON.stringify({ decision: 'accepted', subject: identity.subject, path, policies: identity.policies }));
    else {
      write('decision: accepted');
      write(`subject:  ${identity.subject}`);
      write(`path:     ${path.join(' <- ')}`);
    }
    return 0;
  } catch (err) {
    if (!isClientCertError(err)) throw err;
    if (values.json) write(JSON.stringify({ decision: 'refused', code: err.code, reason: err.reason, message: err.message }));
    else {
      write('decision: refused');
      write(`code:     ${err.code}`);
      write(`reason:   ${err.reason}`);
      write(`message:  ${err.message}`);
    }
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'inspect':
      return inspect(args);
    case 'encode':
      return encode(args);
    case 'verify':
      return verify(args);
    case 'help':
    case '--help':
    case '-h':
      write(USAGE);
      return 0;
    default:
      throw new UsageError(command === undefined ? 'no command given' : `unknown command \`${command}\``);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`express-client-cert: ${err instanceof Error ? err.message : String(err)}\n`);
    if (usage) process.stderr.write(`\n${USAGE}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
