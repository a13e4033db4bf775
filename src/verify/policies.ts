/**
 * Certificate policies, RFC 5280 §6.1 (valid_policy_tree, policy mappings, policy constraints,
 * inhibitAnyPolicy). The tree is kept as a graph with one node per (depth, valid_policy), as
 * BoringSSL does: the same answer as the RFC's tree, with size linear in the input, so a
 * crafted chain cannot blow it up (CVE-2023-0464).
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import { ANY_POLICY } from '../x509/extensions.js';
import type { VerifyReason } from './refusal.js';

/** The RFC 5280 §6.1.1 policy inputs (`policy` option). */
export interface PolicyInputs {
  readonly initialPolicySet: readonly string[];
  readonly requireExplicitPolicy: boolean;
  readonly inhibitPolicyMapping: boolean;
  readonly inhibitAnyPolicy: boolean;
}

/** The defaults of the `policy` option: anyPolicy, every switch off. */
export const DEFAULT_POLICY: PolicyInputs = Object.freeze({
  initialPolicySet: Object.freeze([ANY_POLICY]),
  requireExplicitPolicy: false,
  inhibitPolicyMapping: false,
  inhibitAnyPolicy: false,
});

interface PolicyNode {
  readonly policy: string;
  expected: Set<string>;
  /** valid_policy values of the parent nodes at the level above. */
  readonly parents: Set<string>;
}

type Level = Map<string, PolicyNode>;

/** The outcome: the rule broken (a stable reason and the rule in words), or the user-constrained policy set. */
export type PolicyResult =
  { error: string; reason: VerifyReason; policies?: undefined } | { error?: undefined; reason?: undefined; policies: string[] };

/**
 * Processes the policy extensions of `path` (anchor first, the anchor itself excluded).
 *
 * The trust anchor's certificate constrains too (RFC 5937): its certificatePolicies restrict the
 * tree as an extra level above the path (absent = no restriction; anyPolicy = none either), and its
 * policyConstraints and inhibitAnyPolicy set the counters as a CA's would, without the anchor
 * itself being counted. Its policyMappings are not applied: there is no issuing domain above it.
 */
export function processPolicies(path: readonly ParsedCertificate[], inputs: PolicyInputs, anchor?: ParsedCertificate): PolicyResult {
  const n = path.length;
  let explicitPolicy = inputs.requireExplicitPolicy ? 0 : n + 1;
  let inhibitAny = inputs.inhibitAnyPolicy ? 0 : n + 1;
  let policyMapping = inputs.inhibitPolicyMapping ? 0 : n + 1;

  const levels: Level[] = [new Map([[ANY_POLICY, { policy: ANY_POLICY, expected: new Set([ANY_POLICY]), parents: new Set() }]])];
  let treeNull = false;

  if (anchor) {
    if (anchor.policies) {
      const level: Level = new Map();
      for (const p of anchor.policies) level.set(p, { policy: p, expected: new Set([p]), parents: new Set([ANY_POLICY]) });
      levels.push(level);
    }
    const pc = anchor.policyConstraints;
    if (pc?.requireExplicitPolicy !== undefined) explicitPolicy = Math.min(explicitPolicy, pc.requireExplicitPolicy);
    if (pc?.inhibitPolicyMapping !== undefined) policyMapping = Math.min(policyMapping, pc.inhibitPolicyMapping);
    if (anchor.inhibitAnyPolicy !== undefined) inhibitAny = Math.min(inhibitAny, anchor.inhibitAnyPolicy);
  }

  for (let i = 1; i <= n; i++) {
    const cert = path[i - 1];
    const isLeaf = i === n;
    const above = levels[levels.length - 1];
    const level: Level = new Map();

    if (cert.policies && !treeNull) {
      // (d)(1): each policy links to the nodes that expect it, or to anyPolicy.
      for (const p of cert.policies) {
        if (p === ANY_POLICY) continue;
        const parents = [...above.values()].filter((node) => node.expected.has(p)).map((node) => node.policy);
        if (parents.length === 0 && above.has(ANY_POLICY)) parents.push(ANY_POLICY);
        if (parents.length) level.set(p, { policy: p, expected: new Set([p]), parents: new Set(parents) });
      }
      // (d)(2): anyPolicy in the certificate stands for every expected policy not yet matched.
      if (cert.policies.includes(ANY_POLICY) && (inhibitAny > 0 || (!isLeaf && cert.selfIssued))) {
        for (const node of above.values()) {
          for (const e of node.expected) {
            const existing = level.get(e);
            if (existing) {
              // A policy the certificate names explicitly already has every parent that expects it.
              if (!cert.policies.includes(e)) existing.parents.add(node.policy);
              continue;
            }
            level.set(e, { policy: e, expected: new Set([e]), parents: new Set([node.policy]) });
          }
        }
      }
      if (level.size === 0) treeNull = true;
    } else {
      // (e): no certificatePolicies extension: the tree becomes null.
      treeNull = true;
    }
    levels.push(level);

    if (!isLeaf) {
      // §6.1.4 (a)–(b): policy mappings.
      if (cert.policyMappings) {
        for (const [issuerPolicy, subjectPolicy] of cert.policyMappings) {
          if (issuerPolicy === ANY_POLICY || subjectPolicy === ANY_POLICY) {
            return { reason: 'policy-mapping-any-policy', error: `${cert.subjectString} maps anyPolicy, which RFC 5280 forbids` };
          }
        }
        const mapped = new Map<string, Set<string>>();
        for (const [issuerPolicy, subjectPolicy] of cert.policyMappings) {
          if (!mapped.has(issuerPolicy)) mapped.set(issuerPolicy, new Set());
          mapped.get(issuerPolicy)?.add(subjectPolicy);
        }
        if (!treeNull) {
          for (const [issuerPolicy, subjects] of mapped) {
            if (policyMapping > 0) {
              const node = level.get(issuerPolicy);
              if (node) node.expected = subjects;
              else {
                const any = level.get(ANY_POLICY);
                if (any) level.set(issuerPolicy, { policy: issuerPolicy, expected: subjects, parents: new Set(any.parents) });
              }
            } else {
              level.delete(issuerPolicy);
            }
          }
          if (level.size === 0) treeNull = true;
        }
      }
      // (h)–(j): counters.
      if (!cert.selfIssued) {
        if (explicitPolicy > 0) explicitPolicy--;
        if (policyMapping > 0) policyMapping--;
        if (inhibitAny > 0) inhibitAny--;
      }
      const pc = cert.policyConstraints;
      if (pc?.requireExplicitPolicy !== undefined) explicitPolicy = Math.min(explicitPolicy, pc.requireExplicitPolicy);
      if (pc?.inhibitPolicyMapping !== undefined) policyMapping = Math.min(policyMapping, pc.inhibitPolicyMapping);
      if (cert.inhibitAnyPolicy !== undefined) inhibitAny = Math.min(inhibitAny, cert.inhibitAnyPolicy);
    }

    // (f): with an explicit policy required, the tree must not be null.
    if (!isLeaf && explicitPolicy === 0 && treeNull) {
      return {
        reason: 'policy-invalid',
        error: `no acceptable certificate policy remains at ${cert.subjectString} while an explicit policy is required`,
      };
    }
  }

  // §6.1.5 (a)–(b): wrap-up.
  const leaf = path[n - 1];
  if (explicitPolicy > 0) explicitPolicy--;
  if (leaf?.policyConstraints?.requireExplicitPolicy === 0) explicitPolicy = 0;

  // (g): intersect with the user-initial-policy-set. A leaf-level node's "anchor-domain" policies
  // are the first non-anyPolicy policies on its paths up to the root.
  const policies = treeNull ? [] : intersect(levels, inputs.initialPolicySet);
  if (explicitPolicy === 0 && policies.length === 0) {
    return { reason: 'policy-invalid', error: 'no certificate policy acceptable to the validation inputs is valid for this path' };
  }
  return { policies };
}

function intersect(levels: readonly Level[], initial: readonly string[]): string[] {
  const anyInitial = initial.includes(ANY_POLICY);
  // labels(node): the policies of the topmost non-anyPolicy nodes on its paths (ANY when none).
  let labels = new Map<string, Set<string>>([[ANY_POLICY, new Set([ANY_POLICY])]]);
  for (let i = 1; i < levels.length; i++) {
    const next = new Map<string, Set<string>>();
    for (const node of levels[i].values()) {
      const set = new Set<string>();
      for (const parent of node.parents) {
        for (const label of labels.get(parent) ?? []) set.add(label === ANY_POLICY ? node.policy : label);
      }
      if (set.size) next.set(node.policy, set);
    }
    labels = next;
  }
  const out = new Set<string>();
  for (const [policy, set] of labels) {
    const acceptable = anyInitial || [...set].some((l) => l === ANY_POLICY || initial.includes(l));
    if (!acceptable) continue;
    if (policy === ANY_POLICY) {
      // (g)(iii)(5): an anyPolicy leaf node stands for every policy of the initial set.
      for (const p of anyInitial ? [ANY_POLICY] : initial) out.add(p);
    } else {
      out.add(policy);
    }
  }
  return [...out].sort();
}
