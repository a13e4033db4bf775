// Why each remaining disagreement with the suites is a deliberate choice (shown in docs/CONFORMANCE.md).
'use strict';
module.exports.explanations = {};
