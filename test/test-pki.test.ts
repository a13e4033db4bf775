// The test PKI is reproducible: names and serials derive from TEST_SEED, and a failing run prints
// the seed and the command that reproduce it.
import { X509Certificate } from 'node:crypto';
import { DEFAULT_TEST_SEED } from './helpers/seed.cjs';
import { TEST_SEED, deriveSerial, makeCert, seededName } from './helpers/pki';
import SeedReporter from './helpers/seed-reporter.cjs';

describe('seeded test PKI', () => {
  it('derives serials from the seed alone: the same inputs give the same serial, another seed another', () => {
    expect(deriveSerial('a', 'names', 0)).toBe(deriveSerial('a', 'names', 0));
    expect(deriveSerial('a', 'names', 0)).not.toBe(deriveSerial('b', 'names', 0));
    expect(deriveSerial('a', 'names', 0)).not.toBe(deriveSerial('a', 'names', 1));
    expect(deriveSerial('a', 'names', 0)).toBeGreaterThan(0n);
    expect(deriveSerial('a', 'names', 0)).toBeLessThan(2n ** 63n);
  });

  it('gives certificates with the same names distinct serials, and names from seededName never repeat', () => {
    const serial = (der: Uint8Array): string => new X509Certificate(der).serialNumber;
    const a = makeCert({ subject: 'same' });
    const b = makeCert({ subject: 'same' });
    expect(serial(a.der)).not.toBe(serial(b.der));
    expect(serial(a.der)).toMatch(/^[0-9A-F]{2,16}$/);
    expect(seededName('ICA')).not.toBe(seededName('ICA'));
    expect(seededName('ICA')).toMatch(/^ICA [0-9a-f]{12}$/);
  });

  it('uses TEST_SEED when set, the fixed default otherwise', () => {
    expect(TEST_SEED).toBe(process.env.TEST_SEED || DEFAULT_TEST_SEED);
  });
});

describe('the seed reporter', () => {
  it('prints the seed and a command per failing test, and nothing for a green run', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const green = new SeedReporter({ rootDir: '/repo' });
      green.onTestResult({}, { numFailingTests: 0, testFilePath: '/repo/test/a.test.ts', testResults: [] });
      green.onRunComplete();
      expect(written).toEqual([]);

      const red = new SeedReporter({ rootDir: '/repo' });
      red.onTestResult(
        {},
        {
          numFailingTests: 1,
          testFilePath: '/repo/test/a.test.ts',
          testResults: [
            { status: 'passed', fullName: 'ok' },
            { status: 'failed', fullName: 'verify refuses "x"' },
          ],
        },
      );
      red.onRunComplete();
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain(`TEST_SEED=${TEST_SEED} npx jest test/a.test.ts -t "verify refuses \\"x\\""`);
    expect(written.join('')).not.toContain('-t "ok"');
  });
});
