/**
 * What the CLI reads: a file holding PEM (one or more certificates), DER, or RFC 9440 field
 * values (as `encode` prints them, or as captured from a request), told apart by content.
 */
import { readFileSync } from 'node:fs';
import { derFromInput } from '../x509/certificate.js';
import { crlDerFromInput } from '../x509/crl.js';
import { PemError } from '../x509/pem.js';
import { decodeClientCert, decodeClientCertChain } from '../decode.js';

/** A mistake in how the CLI was called (a missing or unreadable file): exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Generous bounds: the CLI decodes what the user points it at, not what a client sent. */
const NO_LIMITS = { certBytes: Number.MAX_SAFE_INTEGER, chainBytes: Number.MAX_SAFE_INTEGER, chainCount: 1000 };

/** Certificates read from one file, in order; `fromField` when it held RFC 9440 field values. */
export interface ReadCertificates {
  readonly ders: Uint8Array[];
  readonly fromField: boolean;
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** RFC 9440 values, one per line, each optionally prefixed by its field name. */
function fromFieldValues(file: string, text: string): Uint8Array[] {
  const leaf: string[] = [];
  const chain: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const named = /^(client-cert(?:-chain)?)\s*:(.*)$/i.exec(line);
    if (!named) chain.push(line);
    else if (named[1].toLowerCase() === 'client-cert') leaf.push(named[2].trim());
    else chain.push(named[2].trim());
  }
  if (leaf.length === 0 && chain.length === 0) throw new UsageError(`${file} is empty`);
  // Decoded with the middleware's own decoders, so a value the CLI accepts is one the app accepts.
  return [...(leaf.length ? [decodeClientCert(leaf, NO_LIMITS)] : []), ...decodeClientCertChain(chain, NO_LIMITS)];
}

/** The blocks `read` finds in `file`; a broken PEM block is a usage error naming its rule. */
function pemIn(file: string, read: () => Uint8Array[]): Uint8Array[] {
  try {
    return read();
  } catch (err) {
    if (err instanceof PemError) throw new UsageError(`${file}: ${err.message} (${err.reason})`);
    throw err;
  }
}

/** Reads certificates from a PEM, DER or RFC 9440 file (`-` is standard input). */
export function readCertificates(file: string): ReadCertificates {
  const bytes = readBytes(file);
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const ders = pemIn(file, () => derFromInput(text));
    if (ders.length === 0) throw new UsageError(`${file} holds no "-----BEGIN CERTIFICATE-----" block`);
    return { ders, fromField: false };
  }
  // A DER certificate starts with a SEQUENCE tag; field values are printable text.
  if (bytes[0] === 0x30) return { ders: [new Uint8Array(bytes)], fromField: false };
  return { ders: fromFieldValues(file, text), fromField: true };
}

/** A CA or CRL file for the verifier: PEM as text, anything else as DER bytes. */
export function readPemOrDer(file: string, what: 'certificate' | 'crl'): string | Uint8Array {
  const bytes = readBytes(file);
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return new Uint8Array(bytes);
  const found = pemIn(file, () => (what === 'crl' ? crlDerFromInput(text) : derFromInput(text)));
  if (found.length === 0) {
    throw new UsageError(`${file} holds no "-----BEGIN ${what === 'crl' ? 'X509 CRL' : 'CERTIFICATE'}-----" block`);
  }
  return text;
}
