// Fuzzing every decoder (test/fuzz/targets.ts), a few thousand seeded inputs in the normal suite;
// `npm run fuzz` runs the same campaigns with a million inputs (docs/FUZZING.md). Each campaign
// runs in a worker with a deadline, so that a decoder that runs away fails instead of hanging.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runWithDeadline } from './helpers/deadline';
import { TEST_SEED } from './helpers/pki';
import { DerError } from '../src/x509/asn1';
import { ClientCertError, asClientCertError } from '../src/errors';
import {
  FuzzFinding,
  MAX_COST_RATIO,
  TARGETS,
  assertCodedRefusal,
  costRatio,
  type CampaignArgs,
  type CampaignStats,
  type TargetName,
} from './fuzz/targets';

/** Inputs over all campaigns: FUZZ_INPUTS, or a few thousand for the normal suite. */
const TOTAL = Number(process.env.FUZZ_INPUTS ?? 4000);
/** The full run checks cost up to 2 MiB inputs; the normal suite up to 128 KiB (8× Node's default header limit). */
const FULL = TOTAL >= 100_000;
const MAX_SCALED_SIZE = FULL ? 1 << 21 : 1 << 17;
const RATIO_SAMPLES = FULL ? 12 : 3;

/** Shares of the inputs: the verifier checks signatures and so gets fewer. */
const WEIGHTS: Record<TargetName, number> = {
  'rfc9440-client-cert': 1,
  'rfc9440-client-cert-chain': 1,
  xfcc: 1,
  'escaped-pem': 1,
  'base64-der': 1,
  'apache-pem': 1,
  traefik: 1,
  'cloudflare-legacy': 1,
  'ingress-nginx': 1,
  'der-certificate': 2,
  'der-crl': 1,
  'verify-mutated-certificate': 1,
};
const WEIGHT_SUM = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
const CAMPAIGNS = resolve(__dirname, 'fuzz', 'targets.ts');

/** fast-check's seed for a campaign: from TEST_SEED and the campaign's name. */
function seedOf(target: string): number {
  return createHash('sha256').update(`fuzz|${TEST_SEED}|${target}`).digest().readInt32BE(0);
}

const stats: CampaignStats[] = [];
afterAll(() => {
  if (process.env.FUZZ_STATS) writeFileSync(process.env.FUZZ_STATS, JSON.stringify({ seed: TEST_SEED, total: TOTAL, stats }, null, 2));
});

describe('fuzzing: every input is decoded or refused with a code, at a cost linear in its size', () => {
  it.each(TARGETS)('%s', async (target) => {
    const runs = Math.max(50, Math.round((TOTAL * WEIGHTS[target]) / WEIGHT_SUM));
    // A generous cut-off: milliseconds per input, orders of magnitude more than any decoder needs,
    // and more again for the full run, which shares a loaded machine at the lowest priority.
    const deadline = 20_000 + runs * (FULL ? 20 : 4);
    const args: CampaignArgs = { target, runs, seed: seedOf(target), maxScaledSize: MAX_SCALED_SIZE, ratioSamples: RATIO_SAMPLES };
    const result = await runWithDeadline<CampaignStats>(`fuzz ${target}`, CAMPAIGNS, 'runCampaign', args, deadline);
    stats.push(result);
    expect(result.inputs).toBe(runs);
    expect(result.accepted + result.refused).toBe(runs);
    const superlinear = result.ratios.filter((r) => r.ratio > MAX_COST_RATIO).map((r) => `${r.ratio.toFixed(1)}× for 8× (${r.what})`);
    expect(superlinear).toEqual([]);
  });
});

describe('the fuzzers’ own checks can fail', () => {
  it('a bare TypeError, or one wrapped in a coded refusal or by the catch-all, is a finding', () => {
    const der = new DerError('truncated element');
    expect(() => assertCodedRefusal(new TypeError('x'), true)).toThrow(FuzzFinding);
    expect(() => assertCodedRefusal(der, false)).toThrow(FuzzFinding);
    expect(() => assertCodedRefusal(new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'm', { cause: new TypeError('x') }), false)).toThrow(
      /wraps a bug/,
    );
    expect(() => assertCodedRefusal(asClientCertError(new RangeError('x')), false)).toThrow(FuzzFinding);
    expect(() => assertCodedRefusal(der, true)).not.toThrow();
    expect(() => assertCodedRefusal(new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'm', { cause: der }), false)).not.toThrow();
  });

  it('measures a quadratic cost as growing far faster than its input, and a linear one not', () => {
    const quadratic = (k: number) => ({
      size: k,
      run: () => {
        let x = 0;
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) x ^= i + j;
        return x;
      },
    });
    const linear = (k: number) => ({
      size: k,
      run: () => {
        let x = 0;
        for (let i = 0; i < k * 64; i++) x ^= i;
        return x;
      },
    });
    expect(costRatio(quadratic, 1 << 30, 2)).toBeGreaterThan(MAX_COST_RATIO);
    expect(costRatio(linear, 1 << 30, 4)).toBeLessThanOrEqual(MAX_COST_RATIO);
  });
});
