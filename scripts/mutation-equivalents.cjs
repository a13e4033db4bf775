// Surviving mutants judged equivalent, keyed by `file:line:column mutator` as Stryker reports them,
// with why no input can tell the mutant apart from the code. Read by scripts/mutation.cjs for
// docs/MUTATION-REPORT.md. A key that no longer matches (the code moved) simply stops applying:
// re-check the survivor and move its entry.
/** @type {Record<string, string>} */
const equivalents = {};

module.exports = { equivalents };
