// Runs the public path-validation suites (NIST PKITS, x509-limbo client subset) through the
// built createVerifier. Used by `npm run conformance` (writes docs/CONFORMANCE.md) and by Jest.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** The conformance folder in the repository (each suite with its licence). */
function findConformanceDir() {
  const dir = resolve(__dirname, '../conformance');
  if (!existsSync(dir)) throw new Error(`conformance data missing at ${dir}`);
  return dir;
}

/** The engine under test: the built package unless a caller (Jest, on the source) passes its own. */
function builtEngine() {
  return require('../dist/cjs/index.js');
}

async function outcome(engine, options, input) {
  const { createVerifier, isClientCertError } = engine;
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  let verifier;
  try {
    verifier = createVerifier(options);
  } catch (err) {
    // createVerifier refuses an anchor that is not a usable CA certificate: that is a refusal of the chain.
    if (err instanceof TypeError && /trust anchor|trustAnchors/.test(err.message)) {
      return { ok: false, code: 'ANCHOR_REFUSED', message: err.message, ms: ms() };
    }
    return { ok: false, threw: true, code: 'THREW', message: `${err.name}: ${err.message}`, ms: ms() };
  }
  try {
    await verifier.verify(input);
    return { ok: true, ms: ms() };
  } catch (err) {
    if (isClientCertError(err)) return { ok: false, code: err.code, message: err.message, ms: ms() };
    // Anything but a ClientCertError is a bug (in the harness or the library): never an agreement.
    return { ok: false, threw: true, code: 'THREW', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), ms: ms() };
  }
}

/** NIST PKITS: 249 tests. */
async function runPkits(dir, engine = builtEngine()) {
  const spec = JSON.parse(readFileSync(join(dir, 'pkits-expected.json'), 'utf8'));
  const cert = (f) => readFileSync(join(dir, 'certs', f));
  const crl = (f) => readFileSync(join(dir, 'crls', f));
  const now = new Date(spec.validation_time);
  const results = [];
  for (const t of spec.tests) {
    const certs = t.certs.map(cert);
    const options = {
      trustAnchors: certs[0],
      crls: t.crls.map(crl),
      now: () => now,
      requiredEku: null,
      // PKITS 4.1.4–4.1.6 use 1024-bit DSA with SHA-1 (2011 test data); weak algorithms are off by default.
      dangerouslyAllowWeakAlgorithms: true,
      policy: {
        initialPolicySet: t.initial_policy_set.map((n) => spec.policy_oids[n]),
        requireExplicitPolicy: t.initial_explicit_policy,
        inhibitPolicyMapping: t.initial_policy_mapping_inhibit,
        inhibitAnyPolicy: t.initial_inhibit_any_policy,
      },
    };
    const r = await outcome(engine, options, { certificate: certs[certs.length - 1], chain: certs.slice(1, -1) });
    results.push({ id: `${t.test_number} ${t.title}`, expected: t.should_validate, ...r });
  }
  return results;
}

// limbo names EKUs as in RFC 5280's ASN.1 module (serverAuth, clientAuth, …).
const EKU_OIDS = {
  serverauth: '1.3.6.1.5.5.7.3.1',
  clientauth: '1.3.6.1.5.5.7.3.2',
  codesigning: '1.3.6.1.5.5.7.3.3',
  emailprotection: '1.3.6.1.5.5.7.3.4',
  timestamping: '1.3.6.1.5.5.7.3.8',
  ocspsigning: '1.3.6.1.5.5.7.3.9',
  anyextendedkeyusage: '2.5.29.37.0',
};

/** Validity window of a PEM certificate (for cases without a validation time). */
function validityOf(pem) {
  const { X509Certificate } = require('node:crypto');
  const c = new X509Certificate(pem);
  return [new Date(c.validFrom).getTime(), new Date(c.validTo).getTime()];
}

/** x509-limbo: the 180 client-relevant cases. */
async function runLimbo(dir, engine = builtEngine()) {
  const suite = JSON.parse(readFileSync(join(dir, 'limbo-client.json'), 'utf8'));
  const results = [];
  for (const t of suite.testcases) {
    let now;
    if (t.validation_time) now = new Date(t.validation_time);
    else {
      // Any instant inside every certificate's validity: the latest notBefore.
      let from = 0;
      for (const pem of [t.peer_certificate, ...(t.untrusted_intermediates ?? []), ...(t.trusted_certs ?? [])]) {
        try {
          from = Math.max(from, validityOf(pem)[0]);
        } catch {
          /* an unparseable certificate: leave it to the verifier */
        }
      }
      now = new Date(from + 1000);
    }
    const eku = (t.extended_key_usage ?? []).map((e) => EKU_OIDS[e.replace(/_/g, '').toLowerCase()] ?? e);
    const requiredEku = eku.length ? eku : [t.validation_kind === 'SERVER' ? EKU_OIDS.serverauth : EKU_OIDS.clientauth];
    const options = { trustAnchors: t.trusted_certs ?? [], now: () => now, requiredEku };
    if (t.crls && t.crls.length) options.crls = t.crls;
    // limbo's max_chain_depth counts intermediates; maxChainLength counts leaf and anchor too.
    if (t.max_chain_depth !== null && t.max_chain_depth !== undefined) options.maxChainLength = t.max_chain_depth + 2;
    let r;
    if (!options.trustAnchors.length) r = { ok: false, code: 'NO_ANCHORS' };
    else r = await outcome(engine, options, { certificate: t.peer_certificate, chain: t.untrusted_intermediates ?? [] });
    results.push({ id: t.id, expected: t.expected_result === 'SUCCESS', ...r });
  }
  return results;
}

function summarise(results) {
  const agree = results.filter((r) => r.ok === r.expected && !r.threw).length;
  const falseAccepts = results.filter((r) => r.ok && !r.expected);
  const falseRejects = results.filter((r) => !r.ok && (r.expected || r.threw));
  return { total: results.length, agree, falseAccepts, falseRejects };
}

module.exports = { findConformanceDir, runPkits, runLimbo, summarise };
