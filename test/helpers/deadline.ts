// A harness for tests whose failure mode is a synchronous runaway (path building, decoders fed
// adversarial input): the work runs in a worker thread, and a worker still busy at the deadline
// is terminated and reported as a test failure that names the TEST_SEED and a file holding the
// inputs, instead of blocking jest's event loop (where its own timeout can never fire) forever.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TEST_SEED } from './pki';

/** Default cut-off: generous, so that a loaded machine is not mistaken for a runaway, and below jest's 30 s. */
export const DEFAULT_DEADLINE_MS = 20_000;

/** Thrown when the work did not finish by its deadline. */
export class DeadlineExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceeded';
  }
}

const BOOTSTRAP = resolve(__dirname, 'worker-bootstrap.cjs');
const TASKS = resolve(__dirname, 'worker-tasks.ts');

/** Where the inputs of a run that hit its deadline are written. */
export const RUNAWAY_DIR = resolve(__dirname, '..', '..', '.tmp', 'runaways');

/**
 * Runs `exportName(args)` of the TypeScript module `modulePath` in a worker thread and resolves
 * with its (structured-clonable) result; rejects with DeadlineExceeded if it has not finished
 * after `deadlineMs`, with the seed and a file holding `args` to reproduce it.
 */
export function runWithDeadline<T>(
  label: string,
  modulePath: string,
  exportName: string,
  args: unknown,
  deadlineMs: number = DEFAULT_DEADLINE_MS,
): Promise<T> {
  const stryker = strykerState();
  const worker = new Worker(BOOTSTRAP, { workerData: { modulePath, exportName, args, ...stryker } });
  return new Promise<T>((resolvePromise, reject) => {
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const timer = setTimeout(() => {
      // terminate() stops even a synchronous loop: V8 interrupts the worker's isolate.
      void worker.terminate();
      finish(() => reject(new DeadlineExceeded(runawayReport(label, exportName, args, deadlineMs))));
    }, deadlineMs);
    worker.once('message', (message: { ok: boolean; value?: T; error?: string }) => {
      void worker.terminate();
      finish(() => (message.ok ? resolvePromise(message.value as T) : reject(new Error(`${label}: the worker threw: ${message.error}`))));
    });
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`${label}: the worker exited (${code}) without an answer`))));
  });
}

function runawayReport(label: string, exportName: string, args: unknown, deadlineMs: number): string {
  const safe = label.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80);
  let where = '(could not write the inputs)';
  try {
    mkdirSync(RUNAWAY_DIR, { recursive: true });
    const file = join(RUNAWAY_DIR, `${safe}.json`);
    writeFileSync(file, JSON.stringify({ label, task: exportName, seed: TEST_SEED, args }, jsonBytes, 2));
    where = file;
  } catch {
    // The report still names the seed.
  }
  return (
    `${label}: still running after ${deadlineMs} ms and cut off (a synchronous runaway). ` +
    `Reproduce with TEST_SEED=${TEST_SEED}; the task "${exportName}" and its inputs are in ${where}.`
  );
}

/** Uint8Arrays as hex in the runaway file. */
function jsonBytes(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { hex: Buffer.from(value).toString('hex') } : value;
}

/** Stryker's mutant switch, forwarded so that the worker runs the mutant the test runs. */
function strykerState(): { strykerNamespace?: string; strykerGlobal?: unknown } {
  const namespace = '__stryker__';
  const state: unknown = (globalThis as Record<string, unknown>)[namespace];
  if (state === undefined) return {};
  return { strykerNamespace: namespace, strykerGlobal: { activeMutant: (state as { activeMutant?: unknown }).activeMutant } };
}

/** Verifier options that cross to a worker: certificates as PEM or DER, the clock as a number. */
export interface WorkerVerifierOptions {
  trustAnchors?: string | Uint8Array | (string | Uint8Array)[];
  intermediates?: string | Uint8Array | (string | Uint8Array)[];
  crls?: string | Uint8Array | (string | Uint8Array)[];
  allowedFingerprints?: string[];
  maxChainLength?: number;
  nowMs: number;
}

/** What a verification in a worker came to. */
export interface WorkerVerdict {
  accepted: boolean;
  code?: string;
  reason?: string;
  message?: string;
  chainLength?: number;
}

/** `createVerifier(options).verify(input)` in a worker with a deadline. */
export function verifyWithDeadline(
  label: string,
  options: WorkerVerifierOptions,
  input: { certificate: string | Uint8Array; chain?: (string | Uint8Array)[] },
  deadlineMs?: number,
): Promise<WorkerVerdict> {
  return runWithDeadline<WorkerVerdict>(label, TASKS, 'verify', { options, input }, deadlineMs);
}

/** The module of tasks the harness ships (verify, and a deliberate runaway for its own test). */
export const WORKER_TASKS = TASKS;
