// The harness that cuts off synchronous runaways (test/helpers/deadline.ts) does: a deliberately
// infinite loop in the worker becomes a failure naming what reproduces it, never a hang.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DeadlineExceeded, WORKER_TASKS, runWithDeadline, verifyWithDeadline } from './helpers/deadline';
import { NOW, TEST_SEED, makePki } from './helpers/pki';

describe('runWithDeadline', () => {
  it('returns the result of work that finishes', async () => {
    await expect(runWithDeadline('echo', WORKER_TASKS, 'echo', { a: [1, 2] })).resolves.toEqual({ a: [1, 2] });
  });

  it('cuts off a synchronous infinite loop and reports the seed and the inputs', async () => {
    const args = { bytes: new Uint8Array([1, 2, 3]) };
    const err = await runWithDeadline('spin', WORKER_TASKS, 'spinForever', args, 300).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeadlineExceeded);
    const message = (err as Error).message;
    expect(message).toContain(`TEST_SEED=${TEST_SEED}`);
    const file = /inputs are in (\S+\.json)\./.exec(message)?.[1];
    expect(file).toBeDefined();
    expect(JSON.parse(readFileSync(file!, 'utf8'))).toEqual({
      label: 'spin',
      task: 'spinForever',
      seed: TEST_SEED,
      args: { bytes: { hex: '010203' } },
    });
  });

  it('passes on what the work throws', async () => {
    await expect(runWithDeadline('missing', WORKER_TASKS, 'noSuchTask', null)).rejects.toThrow(/the worker threw/);
  });

  it('runs a verification against the source and returns its verdict', async () => {
    const { root, intermediate, leaf } = makePki('Deadline');
    const options = { trustAnchors: root.pem, nowMs: NOW.getTime() };
    await expect(verifyWithDeadline('valid', options, { certificate: leaf.pem, chain: [intermediate.pem] })).resolves.toEqual({
      accepted: true,
      chainLength: 3,
    });
    await expect(verifyWithDeadline('no chain', options, { certificate: leaf.der })).resolves.toMatchObject({
      accepted: false,
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
    });
  });

  it('makes a runaway a failed test in a real jest run, which ends', () => {
    const root = resolve(__dirname, '..');
    const child = spawnSync(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--ci', '--rootDir', root, '--testMatch', '**/test/fixtures/runaway.fixture.ts'],
      { cwd: root, encoding: 'utf8', timeout: 25_000, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    // Ended by itself (no signal from spawnSync's own timeout), with a failure.
    expect(child.signal).toBeNull();
    expect(child.status).toBe(1);
    expect(child.stderr).toContain('Tests:       1 failed, 1 total');
    expect(child.stderr).toContain('cut off (a synchronous runaway)');
    expect(child.stderr).toContain(`TEST_SEED=${TEST_SEED} npx jest test/fixtures/runaway.fixture.ts`);
  });
});
