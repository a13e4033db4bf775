// The error of one class that a call throws: anything else thrown is passed on, and no throw fails the test.

/** What `run` throws, when it is a `type`. */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected a ${type.name}`);
}
