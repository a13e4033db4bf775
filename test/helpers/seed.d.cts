/** The seed used when TEST_SEED is unset. */
export declare const DEFAULT_TEST_SEED: string;
/** The seed of this run: TEST_SEED, or DEFAULT_TEST_SEED. */
export declare function testSeed(): string;
