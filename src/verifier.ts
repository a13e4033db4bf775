/**
 * `createVerifier`: the validation engine without HTTP, for WebSocket upgrades, queues, the CLI.
 * Takes the user's options and inputs, reads the clock once, and maps the core's refusals to
 * ClientCertErrors; the middleware is a thin layer over the same core.
 */
import { type CertificateInput, type ParsedCertificate, derFromInput } from './x509/certificate.js';
import { parseCertificate } from './certificate-input.js';
import { ClientCertError, asClientCertError } from './errors.js';
import { buildIdentity } from './identity.js';
import { compileVerifierOptions } from './options.js';
import type { ClientCertIdentity, ClientCertVerifier, VerifierOptions, VerifyInput } from './types.js';
import { createCertificateParser } from './cache.js';
import { readClock } from './clock.js';
import { ConfiguredTrust } from './trust.js';
import type { VerifiedPath } from './verify/index.js';
import { type TrustSnapshot, verifyLive } from './verify/live/trust.js';

/** Distinct intermediates kept parsed per verifier (their links to anchors are verified once). */
export const INTERMEDIATE_CACHE_ENTRIES = 1024;

function parseInput(
  input: CertificateInput,
  what: string,
  parse: (der: Uint8Array, what: string) => ParsedCertificate = parseCertificate,
): ParsedCertificate {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', `The ${what} must be a PEM string or DER bytes`, {
      reason: 'input-type-invalid',
    });
  }
  const ders = derFromInput(input);
  if (ders.length !== 1) {
    throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', `The ${what} must hold exactly one certificate (found ${ders.length})`, {
      reason: 'input-certificate-count',
    });
  }
  return parse(ders[0], what);
}

function rejectAsClientCertError(err: unknown): Promise<never> {
  return Promise.reject(asClientCertError(err));
}

/** Creates the validation engine: `verify({ certificate, chain })` resolves with the identity or rejects with a ClientCertError. */
export function createVerifier(options: VerifierOptions): ClientCertVerifier {
  const trust = new ConfiguredTrust('createVerifier()', compileVerifierOptions(options), options);
  const parseIntermediate = createCertificateParser(INTERMEDIATE_CACHE_ENTRIES);
  return {
    verify(input: VerifyInput): Promise<ClientCertIdentity> {
      // Not an async function: a decision that needs no OCSP answer is synchronous, and awaiting
      // it anyway cost a turn of the microtask queue per validation on the cold path.
      try {
        const verified = verifyInput(input, trust.current);
        if (verified instanceof Promise) return verified.then((v) => buildIdentity(v)).catch(rejectAsClientCertError);
        return Promise.resolve(buildIdentity(verified));
      } catch (err) {
        return rejectAsClientCertError(err);
      }
    },
    ready: () => trust.ready(),
    update: (partial) => trust.update(partial),
    close: () => trust.close(),
    status: () => trust.status(),
  };

  function verifyInput(input: VerifyInput, snapshot: TrustSnapshot): VerifiedPath | Promise<VerifiedPath> {
    if (input === null || typeof input !== 'object' || input.certificate === undefined || input.certificate === null) {
      throw new ClientCertError('ERR_CLIENT_CERT_MISSING', 'No certificate was given to verify', { reason: 'input-certificate-missing' });
    }
    const leaf = parseInput(input.certificate, 'certificate');
    if (input.chain !== undefined && !Array.isArray(input.chain)) {
      throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'The chain must be an array of certificates', {
        reason: 'input-chain-not-array',
      });
    }
    const chain = (input.chain ?? []).map((c, i) => parseInput(c, `chain certificate ${i + 1}`, parseIntermediate));
    return verifyLive(snapshot, leaf, chain, readClock(snapshot.options.now));
  }
}
