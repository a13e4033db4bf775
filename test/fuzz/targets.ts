// The fuzz campaigns, one per decoder. Each runs in a worker with a deadline (test/fuzz.test.ts),
// so that a decoder that runs away on some input fails the run instead of hanging it. Every input
// must end in a result or a coded refusal; "coded" is checked down the cause chain, so that a
// TypeError wrapped by a catch-all still counts as the bug it is.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ParseError } from 'structured-headers';
import { DerError } from '../../src/x509/asn1';
import { parseCertificateDer } from '../../src/x509/certificate';
import { parseCrlDer } from '../../src/x509/crl';
import { decodeClientCert, decodeClientCertChain } from '../../src/decode';
import { CLIENT_CERT_ERROR_STATUS, isClientCertError } from '../../src/errors';
import { decodeApachePem } from '../../src/formats/apache';
import { decodeCloudflareLegacy } from '../../src/formats/cloudflare';
import { decodeIngressNginx } from '../../src/formats/escaped';
import { decodeBase64Der, decodeEscapedPem, decodeXfcc } from '../../src/formats/index';
import { decodeTraefik } from '../../src/formats/traefik';
import { createVerifier } from '../../src/index';
import { NOW, toPem } from '../helpers/pki';
import { buildCorpus } from './corpus';
import { derMutation, mutate, parseTree, repeatNode, type DerMutation, type TlvNode } from './der-mutation';

/** What the fuzz test asks a worker to run. */
export interface CampaignArgs {
  target: TargetName;
  runs: number;
  seed: number;
  /** Largest input the cost checks build (characters or bytes). */
  maxScaledSize: number;
  /** Cost checks per campaign. */
  ratioSamples: number;
}

/** What a campaign reports back. */
export interface CampaignStats {
  target: TargetName;
  inputs: number;
  ms: number;
  refused: number;
  accepted: number;
  /** Cost ratio of the 8× input to the 1× input, per pattern measured (checked by the caller). */
  ratios: CostRatio[];
}

/** The campaigns. */
export const TARGETS = [
  'rfc9440-client-cert',
  'rfc9440-client-cert-chain',
  'xfcc',
  'escaped-pem',
  'base64-der',
  'apache-pem',
  'traefik',
  'cloudflare-legacy',
  'ingress-nginx',
  'der-certificate',
  'der-crl',
  'verify-mutated-certificate',
] as const;
/** A campaign's name. */
export type TargetName = (typeof TARGETS)[number];

/** An outcome the fuzzers refuse: anything but a result or a coded refusal. */
export class FuzzFinding extends Error {}

// Errors a decoder may legitimately wrap in a coded refusal: the DER reader's, the structured
// field parser's, and decodeURIComponent's.
const ALLOWED_CAUSES = [DerError, ParseError, URIError];
/** The catch-all's messages and reason (errors.ts asClientCertError): reaching it means no rule decided. */
const CATCH_ALL = new Set(['The client certificate could not be processed', 'internal-error']);
const REASON = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Throws a FuzzFinding unless `err` is a coded refusal (or, with `derAllowed`, a bare DerError). */
export function assertCodedRefusal(err: unknown, derAllowed: boolean): void {
  if (derAllowed && err instanceof DerError) return;
  if (!isClientCertError(err)) throw new FuzzFinding(`not a coded refusal: ${explain(err)}`);
  if (!Object.hasOwn(CLIENT_CERT_ERROR_STATUS, err.code)) throw new FuzzFinding(`unknown code ${err.code}`);
  if (typeof err.reason !== 'string' || !REASON.test(err.reason)) throw new FuzzFinding(`reason ${String(err.reason)} is not kebab-case`);
  if (CATCH_ALL.has(err.message) || CATCH_ALL.has(err.reason)) throw new FuzzFinding(`reached the catch-all: ${explain(err.cause)}`);
  for (let cause: unknown = err.cause, depth = 0; cause !== undefined && depth < 8; depth++) {
    if (!isClientCertError(cause) && !ALLOWED_CAUSES.some((type) => cause instanceof type)) {
      throw new FuzzFinding(`a coded refusal wraps a bug: ${explain(cause)}`);
    }
    cause = (cause as { cause?: unknown }).cause;
  }
}

function explain(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
}

// ---------------------------------------------------------------------------------------------
// Inputs.

const corpus = buildCorpus();
const certTrees: TlvNode[] = corpus.certificates.map(parseTree);
const crlTrees: TlvNode[] = corpus.crls.map(parseTree);
const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');
const pemOf = (der: Uint8Array): string => toPem(der);

type StringKind = 'rfc9440' | 'chain' | 'xfcc' | 'escaped' | 'base64' | 'apache' | 'traefik' | 'cloudflare' | 'nginx';
const body = (pem: string): string => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
const sha256 = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');
const BASES: Record<StringKind, string[]> = {
  rfc9440: corpus.leaves.map((l) => `:${b64(l.der)}:`),
  chain: [`:${b64(corpus.intermediate.der)}:, :${b64(corpus.root.der)}:`, `:${b64(corpus.leaves[1].der)}:;p=1, (:AA==:)`],
  xfcc: corpus.leaves.map(
    (l) =>
      `By=spiffe://example.com/proxy;Hash=${'ab'.repeat(32)};Cert="${encodeURIComponent(l.pem)}";` +
      `Chain="${encodeURIComponent(l.pem + corpus.intermediate.pem)}";Subject="CN=a,O=\\"b\\"";URI=spiffe://example.com/a;DNS=a.example`,
  ),
  escaped: corpus.leaves.map((l) => encodeURIComponent(l.pem + corpus.intermediate.pem)),
  base64: corpus.leaves.map((l) => `${b64(l.der)},${b64(corpus.intermediate.der)}`),
  // Apache: the leaf's PEM on one line (mod_headers turns line breaks into spaces), then chain fields.
  apache: corpus.leaves.map((l) => `${l.pem.replace(/\n/g, ' ')}\n${corpus.intermediate.pem.replace(/\n/g, ' ')}`),
  // Traefik: armour-less PEM bodies joined by commas, v2 with %-escaped + / =.
  traefik: corpus.leaves.flatMap((l) => {
    const v3 = `${body(l.pem)},${body(corpus.intermediate.pem)}`;
    return [v3, v3.replace(/\+/g, '%2B').replace(/\//g, '%2F').replace(/=/g, '%3D')];
  }),
  // Cloudflare legacy: base64 DER, then (a second field) the SHA-256 of the DER in hex.
  cloudflare: corpus.leaves.map((l) => `${b64(l.der)}\n${sha256(l.der)}`),
  nginx: corpus.leaves.map((l) => encodeURIComponent(l.pem)),
};
BASES.xfcc.push(`By=a;Cert=${encodeURIComponent(pemOf(corpus.leaves[0].der))},${BASES.xfcc[1]}`);

/** Pieces of each format's grammar, for insertions and for the scaled patterns. */
const PIECES: Record<StringKind, string[]> = {
  rfc9440: [':', '=', ';', ',', ' ', '(', ')', '"', '*', '?1', 'A', '/', '+', 'a=1', ':AA==:', '\t', '%', '\\'],
  chain: [':', '=', ';', ',', ', ', ' ', '(', ')', '"', 'A', ':AA==:', ':', ';a', '?0', '\t'],
  xfcc: [
    '"',
    '\\',
    '\\"',
    ',',
    ';',
    '=',
    ' ',
    '%',
    '%2',
    '%0A',
    'Cert=',
    'Chain=',
    'By=',
    '-----BEGIN CERTIFICATE-----',
    '-----END CERTIFICATE-----',
    '\n',
    'A',
    '%3D',
  ],
  escaped: [
    '%',
    '%2',
    '%0A',
    '%20',
    '+',
    '=',
    ' ',
    '\n',
    '-----BEGIN CERTIFICATE-----',
    '-----END CERTIFICATE-----',
    '-----',
    'A',
    '%2B',
    '%25',
  ],
  base64: [',', ' ', '=', '==', 'A', 'AAAA', '+', '/', '-', '_', '\n', 'A=A'],
  apache: [' ', '\n', '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', '(null)', 'A', '=', '\t', '-----'],
  traefik: [',', '%2B', '%2F', '%3D', '%2', '%', '+', '/', '=', 'A', ' ', '(null)', ',,'],
  cloudflare: ['\n', 'A', '=', 'a', 'F', '0', ' ', ',', 'AAAA'],
  nginx: ['%', '%0A', '%20', '%2B', '+', ' ', '\n', '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', 'A'],
};

type StringEdit =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'truncate'; at: number };

const latin1Char = fc.nat({ max: 255 }).map((c) => String.fromCharCode(c));

function stringInput(kind: keyof typeof BASES): fc.Arbitrary<string> {
  const text = fc.oneof(fc.constantFrom(...PIECES[kind]), fc.string({ unit: latin1Char, maxLength: 4 }));
  const at = fc.nat({ max: 1 << 16 });
  const edit: fc.Arbitrary<StringEdit> = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at, text }),
    fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ op: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 6 }), times: fc.integer({ min: 2, max: 40 }) }),
    fc.record({ op: fc.constant('truncate' as const), at }),
  );
  const mutated = fc
    .record({ base: fc.constantFrom(...BASES[kind]), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) })
    .map(({ base, edits }) => {
      let s = base;
      for (const e of edits) {
        const i = s.length ? e.at % (s.length + 1) : 0;
        if (e.op === 'insert') s = s.slice(0, i) + e.text + s.slice(i);
        else if (e.op === 'delete') s = s.slice(0, i) + s.slice(i + e.length);
        else if (e.op === 'repeat') s = s.slice(0, i) + s.slice(i, i + e.length).repeat(e.times) + s.slice(i + e.length);
        else s = s.slice(0, i);
      }
      return s;
    });
  // Mostly near-valid values, some made only of the grammar's pieces, some arbitrary bytes.
  const pieces = fc.array(text, { maxLength: 24 }).map((parts) => parts.join(''));
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: pieces, weight: 2 },
    { arbitrary: fc.string({ unit: latin1Char, maxLength: 64 }), weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Decoders under test. Each returns how many values it accepted (0 or 1) or throws.

const LIMITS = { certBytes: 1 << 30, chainBytes: 1 << 30, chainCount: 1 << 30 };

function parseAll(ders: readonly Uint8Array[]): void {
  for (const der of ders) {
    try {
      parseCertificateDer(der);
    } catch (err) {
      assertCodedRefusal(err, true);
    }
  }
}

type Decoder = (input: string) => readonly Uint8Array[] | undefined;
const STRING_DECODERS: Record<StringKind, Decoder> = {
  rfc9440: (s) => [decodeClientCert([s], LIMITS)],
  chain: (s) => decodeClientCertChain(s.split('\n'), LIMITS),
  xfcc: (s) => {
    const r = decodeXfcc([s]);
    return r && [r.leafDer, ...r.chainDers];
  },
  escaped: (s) => {
    const r = decodeEscapedPem([s], 'x-ssl-client-cert');
    return [r.leafDer, ...r.chainDers];
  },
  base64: (s) => {
    const r = decodeBase64Der([s], 'x-arr-clientcert');
    return [r.leafDer, ...r.chainDers];
  },
  apache: (s) => {
    const [leaf, ...chain] = s.split('\n');
    const r = decodeApachePem([leaf], chain, 'ssl-client-cert');
    return r && [r.leafDer, ...r.chainDers];
  },
  traefik: (s) => {
    const r = decodeTraefik([s], 'x-forwarded-tls-client-cert');
    return r && [r.leafDer, ...r.chainDers];
  },
  cloudflare: (s) => {
    const [cert, ...hash] = s.split('\n');
    const r = decodeCloudflareLegacy(cert === '' ? [] : [cert], hash, 'cf-client-cert-der-base64');
    return [r.leafDer, ...r.chainDers];
  },
  nginx: (s) => {
    const r = decodeIngressNginx([s], 'ssl-client-cert');
    return r && [r.leafDer, ...r.chainDers];
  },
};

/** Runs a string decoder (and the certificate parser on what it returns); true when it decoded. */
function decodeString(kind: keyof typeof STRING_DECODERS, input: string): boolean {
  let ders: readonly Uint8Array[] | undefined;
  try {
    ders = STRING_DECODERS[kind](input);
  } catch (err) {
    assertCodedRefusal(err, false);
    return false;
  }
  if (ders) parseAll(ders);
  return true;
}

function parseDer(kind: 'certificate' | 'crl', der: Uint8Array): boolean {
  try {
    if (kind === 'certificate') parseCertificateDer(der);
    else parseCrlDer(der);
    return true;
  } catch (err) {
    assertCodedRefusal(err, true);
    return false;
  }
}

// The verifier trusts the corpus root and is given both intermediates; every unmutated leaf verifies.
const verifier = createVerifier({ trustAnchors: corpus.root.pem, now: () => NOW });
const chain = [corpus.intermediate.der, corpus.certificates[2]];
const leafTrees = corpus.leaves.map((l) => parseTree(l.der));
const chainTrees = chain.map(parseTree);
/** The leaf each intermediate of `chain` issued. */
const leafUnderChain = [corpus.leaves[0].der, corpus.leaves[1].der];
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** Checks that every unmutated leaf verifies, so that a refusal of a mutant means something. */
export async function verifyBaseline(): Promise<number> {
  for (const leaf of corpus.leaves) await verifier.verify({ certificate: leaf.der, chain });
  return corpus.leaves.length;
}

/**
 * Verifies a mutated leaf with the real chain, or a real leaf with its issuer mutated (and no
 * other copy of it); true if accepted, which is a finding whenever the mutant differs.
 */
async function verifyMutant(m: DerMutation & { mutateLeaf: boolean }): Promise<boolean> {
  let leaf: Uint8Array;
  let intermediates: Uint8Array[];
  let changed: boolean;
  if (m.mutateLeaf) {
    const original = corpus.leaves[m.entry % leafTrees.length].der;
    leaf = mutate(leafTrees, m);
    intermediates = chain;
    changed = !same(leaf, original);
  } else {
    const i = m.entry % chainTrees.length;
    const mutated = mutate(chainTrees, m);
    leaf = leafUnderChain[i];
    intermediates = i === 0 ? [mutated, chain[1]] : [chain[0], mutated];
    changed = !same(mutated, chain[i]);
  }
  try {
    await verifier.verify({ certificate: leaf, chain: intermediates });
  } catch (err) {
    assertCodedRefusal(err, false);
    return false;
  }
  if (changed) throw new FuzzFinding('a mutated signed certificate was accepted');
  return true;
}

// ---------------------------------------------------------------------------------------------
// Cost versus size: an input built from a pattern repeated k and 8k times must cost about 8×.

const SCALE = 8;

/**
 * The cost of `run` in CPU milliseconds (user + system, best of five): CPU time, not wall-clock
 * time, so that other processes on a shared machine do not count.
 */
function costOf(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** The small input's CPU cost at which a ratio is taken (ms): below it, noise dominates. */
const MIN_MEASURED_MS = 4;

/**
 * The cost ratio of `build(SCALE·k)` to `build(k)`, with k grown until the small input costs
 * ≥ `minMs`; undefined when the large input would exceed `maxSize` first.
 */
export function costRatio(
  build: (k: number) => { size: number; run: () => void },
  maxSize: number,
  minMs: number = MIN_MEASURED_MS,
): number | undefined {
  for (let k = 16; ; k *= 2) {
    const small = build(k);
    if (small.size * SCALE > maxSize) return undefined;
    const cost = costOf(small.run);
    if (cost < minMs) continue;
    const large = build(k * SCALE);
    const ratio = costOf(large.run) / cost;
    // A collection or a recompilation can land in one measurement: a high ratio is measured again.
    return ratio <= MAX_COST_RATIO ? ratio : Math.min(ratio, costOf(large.run) / costOf(small.run));
  }
}

/** Above this, cost grows faster than the input (a quadratic decoder gives SCALE² = 64). */
export const MAX_COST_RATIO = SCALE * 3;

/** A measured cost ratio and the input pattern it was measured on. */
export interface CostRatio {
  ratio: number;
  what: string;
}

function checkRatio(ratio: number | undefined, what: string, ratios: CostRatio[]): void {
  if (ratio !== undefined) ratios.push({ ratio, what });
}

const swallow =
  (f: () => unknown): (() => void) =>
  () => {
    try {
      f();
    } catch (err) {
      // Refusals are checked by the fuzzing itself; here only the cost counts, but a bug still fails.
      if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) throw err;
    }
  };

function stringRatios(kind: keyof typeof STRING_DECODERS, { ratioSamples: samples, seed, maxScaledSize }: CampaignArgs): CostRatio[] {
  const ratios: CostRatio[] = [];
  const pattern = fc.record({
    base: fc.constantFrom(...BASES[kind]),
    at: fc.nat(),
    unit: fc.array(fc.constantFrom(...PIECES[kind]), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
  });
  fc.assert(
    fc.property(pattern, ({ base, at, unit }) => {
      const i = at % (base.length + 1);
      const build = (k: number) => {
        const input = base.slice(0, i) + unit.repeat(k) + base.slice(i);
        return { size: input.length, run: swallow(() => decodeString(kind, input)) };
      };
      checkRatio(costRatio(build, maxScaledSize), `${JSON.stringify(unit)} repeated at ${i} in a ${kind} value`, ratios);
    }),
    { numRuns: samples, seed },
  );
  return ratios;
}

function derRatios(
  kind: 'certificate' | 'crl',
  trees: readonly TlvNode[],
  { ratioSamples: samples, seed, maxScaledSize }: CampaignArgs,
): CostRatio[] {
  const ratios: CostRatio[] = [];
  fc.assert(
    fc.property(fc.nat({ max: trees.length - 1 }), fc.nat(), (entry, node) => {
      const build = (k: number) => {
        const der = repeatNode(trees[entry], node, k);
        return { size: der.length, run: swallow(() => (kind === 'certificate' ? parseCertificateDer(der) : parseCrlDer(der))) };
      };
      checkRatio(costRatio(build, maxScaledSize), `node ${node} of ${kind} ${entry} repeated`, ratios);
    }),
    { numRuns: samples, seed },
  );
  return ratios;
}

// ---------------------------------------------------------------------------------------------

const STRING_TARGETS: Partial<Record<TargetName, keyof typeof STRING_DECODERS>> = {
  'rfc9440-client-cert': 'rfc9440',
  'rfc9440-client-cert-chain': 'chain',
  xfcc: 'xfcc',
  'escaped-pem': 'escaped',
  'base64-der': 'base64',
  'apache-pem': 'apache',
  traefik: 'traefik',
  'cloudflare-legacy': 'cloudflare',
  'ingress-nginx': 'nginx',
};

/** Runs one campaign of `runs` inputs; throws (with fast-check's seed and counterexample) on a finding. */
export async function runCampaign(args: CampaignArgs): Promise<CampaignStats> {
  const { target, runs, seed } = args;
  let accepted = 0;
  let refused = 0;
  const count = (ok: boolean): void => void (ok ? accepted++ : refused++);
  const started = process.hrtime.bigint();
  let ratios: CostRatio[] = [];
  const options = { numRuns: runs, seed, endOnFailure: true };
  const kind = STRING_TARGETS[target];
  // Costs are measured first, on a fresh heap: after many inputs the collector's work on a large
  // heap (its threads count in the process's CPU time) inflates the larger measurement.
  if (kind) {
    ratios = stringRatios(kind, args);
    fc.assert(
      fc.property(stringInput(kind), (input) => count(decodeString(kind, input))),
      options,
    );
  } else if (target === 'der-certificate' || target === 'der-crl') {
    const trees = target === 'der-certificate' ? certTrees : crlTrees;
    const what = target === 'der-certificate' ? 'certificate' : 'crl';
    ratios = derRatios(what, trees, args);
    fc.assert(
      fc.property(derMutation(trees.length), (m) => count(parseDer(what, mutate(trees, m)))),
      options,
    );
  } else {
    await verifyBaseline();
    const arb = fc.tuple(derMutation(leafTrees.length), fc.boolean()).map(([m, mutateLeaf]) => ({ ...m, mutateLeaf }));
    await fc.assert(
      fc.asyncProperty(arb, async (m) => count(await verifyMutant(m))),
      options,
    );
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { target, inputs: runs, ms, refused, accepted, ratios };
}
