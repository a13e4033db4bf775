// What is known about surviving mutants, keyed by `file:line:column mutator replacement` as
// scripts/mutation.cjs prints them (the replacement whitespace-collapsed, cut to 80 characters).
// A value starting with "Equivalent" says why no input can tell the mutant apart (those count as
// detected in the "without equivalents" score); "Killed since" names the test written after the
// run that kills it (checked by applying the mutant by hand) until the next run confirms it.
// A key that no longer matches (the code moved) simply stops applying: re-check and move it.
/** @type {Record<string, string>} */
const equivalents = {
  // src/verify/signature.ts, run of 2026-11-23 (Stryker carried the results over to the file as it
  // is now, one import line longer); the focused run of 2026-11-24 left 7 of these open (73:44,
  // 75:9 true, 113:73, 128:12, 133:11, 134:10, 147:9 true).
  'src/verify/signature.ts:73:16 ArithmeticOperator index - 1':
    'Killed since: verify-dsa-mut.test.ts "one CA without parameters under the root that has them" (the lookup would start at the EC leaf: dsa-params-missing).',
  'src/verify/signature.ts:73:27 EqualityOperator j <= path.length':
    'Killed since: verify-signature.test.ts "an anchor without parameters has none to pass on" (the loop reads past the path: a TypeError).',
  'src/verify/signature.ts:73:44 UpdateOperator j--': `Equivalent: not reachable: the loop takes a second turn only when path[index + 1] is a DSA certificate without parameters too, i.e. two such CAs in one path, and a key without parameters is priced as DSA-3072 (85 units, keys.ts), so two of them overrun VERIFY_BUDGET (128) before any path is complete: verify-dsa-mut.test.ts "two CAs without parameters in one path exceed the work budget".`,
  'src/verify/signature.ts:74:9 ConditionalExpression false':
    'Killed since: verify-signature.test.ts "the search stops at the first issuer that is not DSA" (an EC root\'s curve would be taken for DSA parameters: public-key-malformed).',
  'src/verify/signature.ts:75:9 ConditionalExpression true':
    'Equivalent: not reachable: returning at the first DSA certificate differs only when it has no parameters, which needs two DSA CAs without parameters in one path; see 73:44 (they overrun the work budget).',
  'src/verify/signature.ts:107:108 ConditionalExpression true':
    'Killed since: verify-signature.test.ts "a DSA signature algorithm with NULL parameters is tolerated".',
  'src/verify/signature.ts:113:73 StringLiteral ``':
    'Equivalent for behaviour: path building checks every issuer key before it calls checkSigned (path.ts linkOk), so this branch is reached only for a CRL signer (revocation.ts signedBy and live/trust.ts vetSignature reduce the result to a boolean) or an OCSP responder (ocsp.ts responderOf keeps only the reason): the message is never read.',
  'src/verify/signature.ts:118:68 StringLiteral ""':
    'Killed since: verify-signature.test.ts "an issuer key that passes the checks but does not load" asserts the message.',
  'src/verify/signature.ts:128:12 BooleanLiteral true':
    'Equivalent: `ok` is assigned on every path before it is read (the result of crypto.verify in the try, false in the catch).',
  'src/verify/signature.ts:133:11 BlockStatement {}':
    'Equivalent: with an empty catch `ok` keeps its initial false, the value the catch assigns.',
  'src/verify/signature.ts:134:10 BooleanLiteral true':
    'Killed since: verify-signature-mut2.test.ts "a sound signature with another hash than the key allows" and "… a shorter salt …" (an id-RSASSA-PSS issuer key with parameters: OpenSSL throws, and a swallowed throw taken as true would accept the certificate).',
  'src/verify/signature.ts:136:80 StringLiteral ``':
    'Killed since: verify-signature.test.ts "a signature made with another hash … and the refusal says so" asserts the message.',
  'src/verify/signature.ts:147:9 ConditionalExpression true':
    'Equivalent: decodePssParams is total (it throws DerError and nothing else), so "any error" and "a DerError" are the same test.',
  'src/verify/signature.ts:147:9 ConditionalExpression false':
    'Killed since: verify-crl-scope.test.ts "RSASSA-PSS parameters that do not decode" (a CRL\'s PSS parameters are decoded only here: the DerError would escape as a malformed request).',

  // src/verify/path.ts lines 33-62 and 114-158, run of 2026-11-23.
  'src/verify/path.ts:51:38 BooleanLiteral this.exhausted = true':
    'Killed since: verify-path.test.ts "the issuer that comes after the last candidate the budget allows is never tried" (a spent budget would let the search go on and accept).',
  'src/verify/path.ts:59:42 StringLiteral ``':
    'Killed since: verify-path.test.ts "the refusals name the certificate and the rule" asserts "within the path-building work limit".',
  'src/verify/path.ts:136:34 ArrayDeclaration []':
    'Killed since: verify-path.test.ts "the leaf is never its own issuer" (the forwarded copy of the leaf would be tried as its issuer: signature-invalid instead of issuer-unknown).',
  'src/verify/path.ts:147:49 StringLiteral ``':
    'Killed since: verify-path.test.ts "the refusals name the certificate and the rule" asserts the refused key\'s message.',
  // src/verify/path.ts as it is now (keys written from the source as Stryker numbers them, before
  // the queue's run of the whole file); each applied by hand against the path, DSA and revocation tests.
  'src/verify/path.ts:219:7 ConditionalExpression false':
    "Equivalent: findPath has two callers and neither can tell: verifyPath (index.ts) throws budgetExhausted(leaf) itself whenever the shared budget is exhausted, the same reason and message for the same leaf, and a CRL signer's search (index.ts findSigner) only asks whether there is an error.",
  // src/verify/index.ts, run of 2026-11-24 (stryker.verify.config.mjs): its three survivors, each applied by hand.
  'src/verify/index.ts:126:52 StringLiteral ``':
    'Killed since: verify-index-mut4.test.ts "names the refused certificate when its fingerprint is not pinned".',
  'src/verify/index.ts:132:40 ArrayDeclaration ["Stryker was here"]':
    'Killed since: verify-index-mut4.test.ts "gives a path made by pinning alone no certificate policies".',
  'src/verify/index.ts:162:49 ArrayDeclaration []':
    'Killed since: verify-index-mut4.test.ts "keeps the configured intermediates when a chain is forwarded".',
  'src/verify/index.ts:134:18 ConditionalExpression true':
    'Equivalent: without a forwarded chain, indexing nothing into a copy of the configured pool gives the same certificates under the same names as the configured pool itself; the condition only saves the copy.',
  'src/verify/index.ts:148:29 ConditionalExpression false':
    "Equivalent: findPath already returns budgetExhausted(leaf) for this leaf whenever the budget it shares with the CRL signers' searches is exhausted (path.ts:219), so result.error is that refusal.",

  // src/verify/policies.ts as it is now (keys written from the source as Stryker numbers them, before
  // the queue's run); each applied by hand against the policy, PKITS, RFC 5280 and rule tests.
  'src/verify/policies.ts:117:13 ConditionalExpression true':
    'Equivalent: once the tree is null, each level is a new empty map that (d) never fills, so applying the mappings to it finds no node, deletes nothing and leaves the tree null.',
  'src/verify/policies.ts:136:13 ConditionalExpression true':
    'Equivalent: policyMapping is only ever compared as policyMapping > 0 (and lowered by Math.min), so counting down past 0 to a negative number changes no comparison.',
  'src/verify/policies.ts:136:13 EqualityOperator policyMapping >= 0':
    'Equivalent: see 136:13 true; a negative policyMapping reads as 0 everywhere.',
  'src/verify/policies.ts:137:13 ConditionalExpression true':
    'Equivalent: inhibitAny is only ever compared as inhibitAny > 0 (and lowered by Math.min), so counting down past 0 changes no comparison.',
  'src/verify/path.ts:161:37 ArrayDeclaration ["Stryker was here"]':
    'Equivalent: policies is returned only with a found path, and it is assigned from the path check (line 190) before extend() reports the path found.',
  'src/verify/policies.ts:52:57 ArithmeticOperator n - 1':
    'Equivalent: policyMapping is read only at a CA (i ≤ n − 1) after at most n − 2 decrements, so starting at n − 1 instead of n + 1 it is still ≥ 1 there; a constraint k lowers both starts to the same min(k, …) whenever k < n − 1, and leaves both ≥ 1 otherwise.',
  'src/verify/policies.ts:75:26 ConditionalExpression true':
    'Equivalent: once the tree is null the last level is empty (it was set null because the level came out empty or the certificate had no policies), so neither (d)(1) nor (d)(2) finds a node above to link to: the level stays empty and the tree null.',
  'src/verify/policies.ts:90:19 ConditionalExpression true':
    'Equivalent: a policy the certificate names got, in (d)(1), every node above that expects it as a parent (or anyPolicy when none does, and then no node above expects it here either), which are exactly the nodes this loop would add.',
  'src/verify/policies.ts:179:11 ConditionalExpression true':
    'Equivalent: every node has at least one parent, a node of the level above, and by induction every node there has a non-empty label set (the first level is anyPolicy with {anyPolicy}), so set is never empty here.',

  // src/verify/rank.ts as it is now (key written from the source as Stryker numbers it, before the queue's run).
  'src/verify/rank.ts:78:23 UnaryOperator +1':
    'Equivalent: path.ts, the only caller, offers tiers 1 and 2 only, so every score is at least 1000: the first refusal offered beats −1 and +1 alike.',

  // src/verify/revocation.ts, runs of 2026-11-24 (the whole file, then again with verify-revocation-more.test.ts).
  'src/verify/revocation.ts:104:7 ConditionalExpression false':
    'Equivalent: the candidates are a subset of the distribution points, so without any the loop below does not run and the function returns null all the same.',
  'src/verify/revocation.ts:107:48 ConditionalExpression true':
    'Killed since: verify-crl-scope-mut.test.ts "a URI before the directory name: the indirect CRL of that name and RDN covers the certificate".',
  "src/verify/revocation.ts:120:9 MethodExpression e.certificateIssuer.every(n => n.type === 'dn' && sameName(n.value, cert.issuer)":
    'Killed since: verify-crl-scope-mut.test.ts "revokes when one of them is the certificate issuer" (a URI beside the issuer\'s directory name).',
  'src/verify/revocation.ts:140:7 ConditionalExpression false':
    'Not reached: every caller passes a signer found under the CRL issuer’s name (the certificate’s issuer for a direct CRL; anchors and pool keyed by crl.issuer.key in findSigner and the live sources), so the name check never fails; a defence kept for other callers.',
  'src/verify/revocation.ts:140:53 BooleanLiteral true': 'Not reached: see line 140:7 (no caller passes a signer of another name).',
  'src/verify/revocation.ts:144:31 ConditionalExpression true':
    'Killed since: verify-revocation-mut2.test.ts "signed by another key of the same domain" (the focused run of 2026-11-24 found it: a CRL whose signer inherits DSA parameters would be used unverified, and a forged one would revoke).',
  'src/verify/revocation.ts:144:67 StringLiteral ""':
    'Equivalent: signedBy reduces checkSigned’s refusal to a boolean, so its message is never read.',
  'src/verify/revocation.ts:146:7 ConditionalExpression true':
    'Equivalent for behaviour: the verdict cache only saves cost (a CRL signature is verified once per signer); without it every verdict is computed again and is the same.',
  'src/verify/revocation.ts:147:15 StringLiteral ``':
    'Killed since: verify-revocation-mut.test.ts "the CA\'s failed check does not stand for its CRL signer\'s" (a CRL without an authority key identifier, tried against the CA first: one shared key would keep that failure for the real signer).',
  'src/verify/revocation.ts:149:7 ConditionalExpression true':
    'Equivalent for behaviour: the verdict cache only saves cost (a CRL signature is verified once per signer); without it every verdict is computed again and is the same.',
  'src/verify/revocation.ts:150:46 StringLiteral ""':
    'Equivalent: signedBy reduces checkSigned’s refusal to a boolean, so its message is never read.',
  'src/verify/revocation.ts:169:37 StringLiteral ""':
    'Killed since: verify-revocation-mut.test.ts "a revoked certificate without a subject is named (empty subject)".',
  'src/verify/revocation.ts:186:76 StringLiteral ""':
    'Killed since: verify-revocation-mut.test.ts "an unusable CRL from an issuer without a name is the CRL from an issuer".',
  'src/verify/revocation.ts:208:54 ConditionalExpression true':
    'Killed since: verify-dsa-mut.test.ts "a delta CRL from a separate CRL signer is verified with that signer\'s own key, not the inherited parameters" (the EC signer\'s key would be read as DSA: the delta is not used).',
  'src/verify/revocation.ts:208:54 ConditionalExpression false':
    'Killed since: verify-dsa-mut.test.ts "a delta CRL signed by that CA revokes too" (without the inherited parameters the delta does not verify and is not used).',
  'src/verify/revocation.ts:208:54 EqualityOperator signer !== issuer':
    'Killed since: verify-dsa-mut.test.ts "a delta CRL signed by that CA revokes too" (without the inherited parameters the delta does not verify and is not used).',
  'src/verify/revocation.ts:223:112 StringLiteral ""':
    'Equivalent: a CRL that is past its thisUpdate but not current has a nextUpdate, so the fallback text is never shown.',
  'src/verify/revocation.ts:230:17 BlockStatement {}':
    'Killed since: test/verify-revocation-ocsp-mut2.test.ts (the OCSP branch through the core entry: good bounds the decision, revoked and unknown refuse; applied by hand).',
  "src/verify/revocation.ts:233:7 ConditionalExpression case 'good':":
    'Killed since: test/verify-revocation-ocsp-mut2.test.ts (the OCSP branch through the core entry: good bounds the decision, revoked and unknown refuse; applied by hand).',
  'src/verify/revocation.ts:234:30 MethodExpression Math.max(ctx.ocspValidUntil, answer.validUntil)':
    'Killed since: test/verify-revocation-ocsp-mut2.test.ts (the OCSP branch through the core entry: good bounds the decision, revoked and unknown refuse; applied by hand).',
  "src/verify/revocation.ts:236:7 ConditionalExpression case 'revoked':":
    'Killed since: test/verify-revocation-ocsp-mut2.test.ts (the OCSP branch through the core entry: good bounds the decision, revoked and unknown refuse; applied by hand).',
  'src/verify/revocation.ts:237:29 StringLiteral ""':
    'Killed since: test/verify-revocation-ocsp-mut2.test.ts (the OCSP branch through the core entry: good bounds the decision, revoked and unknown refuse; applied by hand).',
  "src/verify/revocation.ts:242:7 ConditionalExpression case 'unknown':":
    'Killed since: test/verify-revocation-ocsp-mut2.test.ts (the OCSP branch through the core entry: good bounds the decision, revoked and unknown refuse; applied by hand).',

  // src/verify/checks.ts, run of 2026-11-24 (the whole file, verify configuration); each survivor applied by hand.
  'src/verify/checks.ts:35:45 ConditionalExpression true':
    'Killed since: verify-checks-mut.test.ts "a refusal names the certificate" (by its subject, and as "(empty subject)").',
  'src/verify/checks.ts:35:45 ConditionalExpression false':
    'Killed since: verify-checks-mut.test.ts "a refusal names the certificate" (by its subject, and as "(empty subject)").',
  "src/verify/checks.ts:35:45 LogicalOperator cert.subjectString && '(empty subject)'":
    'Killed since: verify-checks-mut.test.ts "a refusal names the certificate" (by its subject, and as "(empty subject)").',
  'src/verify/checks.ts:35:67 StringLiteral ""': 'Killed since: verify-checks-mut.test.ts "as (empty subject) when it has none".',
  'src/verify/checks.ts:42:39 StringLiteral ""':
    'Killed since: verify-checks-mut.test.ts "an invalid clock says which option is at fault".',
  'src/verify/checks.ts:61:20 ArrayDeclaration ["Stryker was here"]':
    'Equivalent: not reachable: both callers pass an extKeyUsage list they have just found present (leaf.extKeyUsage at line 85, cert.extKeyUsage at line 230), so `!eku` is never true.',
  'src/verify/checks.ts:83:25 StringLiteral ""':
    'Killed since: verify-checks-mut.test.ts "keyUsage without digitalSignature" asserts the message.',
  'src/verify/checks.ts:86:60 StringLiteral ""': 'Killed since: verify-checks-mut.test.ts "an empty extKeyUsage" asserts the message.',
  'src/verify/checks.ts:99:27 StringLiteral ``':
    'Killed since: verify-checks-mut.test.ts "an unknown critical extension, by its OID" asserts the message.',
  'src/verify/checks.ts:174:9 StringLiteral ``':
    'Killed since: verify-checks-mut.test.ts "an RSA modulus that is not a multiple of 8 bits, for serverAuth, with its size".',
  'src/verify/checks.ts:183:19 EqualityOperator i < last':
    'Equivalent: the loop body counts a certificate only when `i < last`, so the turn with i === last that `i <= last` adds counts nothing.',
  'src/verify/checks.ts:192:11 StringLiteral ``':
    'Killed since: verify-checks-mut.test.ts "an AKI that is not the issuer\'s SKI, naming the issuer".',
  'src/verify/checks.ts:205:41 ConditionalExpression false':
    'Killed since: verify-checks-mut.test.ts "a v1 anchor issues the leaf, for clientAuth" and "for no purpose".',
  'src/verify/checks.ts:205:41 LogicalOperator isAnchor || cert.version === 1':
    'Killed since: verify-checks-mut.test.ts "a v1 intermediate does not" (it would be taken for a CA).',
  'src/verify/checks.ts:205:53 ConditionalExpression true':
    'Killed since: verify-checks-mut.test.ts "a v2 anchor does not: …" (the configuration takes a v2 anchor, since only a v3 one must assert cA; the mutant would exempt it like a v1 root).',
  'src/verify/checks.ts:205:53 EqualityOperator cert.version !== 1':
    'Killed since: verify-checks-mut.test.ts "a v1 anchor issues the leaf, …".',
  'src/verify/checks.ts:206:27 StringLiteral ""':
    'Killed since: verify-checks-mut.test.ts "an issuer that is not a CA" asserts the message.',
  'src/verify/checks.ts:209:27 StringLiteral ""':
    'Killed since: verify-checks-mut.test.ts "an issuer without keyCertSign" asserts the message.',
  'src/verify/checks.ts:217:9 StringLiteral ``':
    'Killed since: verify-checks-mut.test.ts "a pathLenConstraint exceeded, with both figures".',
  'src/verify/checks.ts:222:11 ConditionalExpression false':
    'Equivalent: not reachable: a certificate gets here only as an issuer that passed line 205 (cA set, or a v1 anchor), and a v1 certificate has no extensions (the parser reads extensions only in v3), so it never has nameConstraints without cA. The profile refuses nameConstraints in a non-CA for any purpose earlier (name-constraints-not-ca).',
  'src/verify/checks.ts:222:59 StringLiteral ""': 'Equivalent: the message of the unreachable refusal of line 222:11.',
  'src/verify/checks.ts:235:58 StringLiteral ""':
    'Killed since: verify-checks-mut.test.ts "an issuer restricted to other purposes lists every purpose it lacks, comma-separated".',
  'src/verify/checks.ts:252:83 ArithmeticOperator i - 1':
    'Killed since: verify-dsa-mut.test.ts "a CRL without the leaf: accepted; with it: revoked" (a CA without DSA parameters signs its CRL; the lookup would start at the EC leaf and find none).',

  // src/verify/profile.ts, before its run (keys written from the source as Stryker numbers them; the
  // survivors of the run will be checked against them). verify-profile-mut.test.ts kills the others applied by hand.
  'src/verify/profile.ts:53:21 ConditionalExpression false':
    "Equivalent: with a second '@' the host is everything after the first one, so it still holds an '@', which no DNS label accepts: the same san-email-invalid refusal with the same message.",
  'src/verify/profile.ts:96:32 ConditionalExpression true':
    "Equivalent: the only settings with purpose 'crlSigner' (verify/index.ts signerOptions) have requiredEku null, and without a purpose profileProblem returns before purposeProblem, so leafRole is always 'client' here.",

  // src/verify/keys.ts, before its run (keys written from the source as Stryker numbers them); the
  // other mutants applied by hand are killed by verify-keys-mut.test.ts and keys.test.ts.
  'src/verify/keys.ts:70:10 EqualityOperator i <= bytes.length':
    'Equivalent: at i === bytes.length, bytes[i] is undefined, which is not 0, so the loop stops at the same index.',
  'src/verify/keys.ts:71:7 ConditionalExpression false':
    'Equivalent: an all-zero integer then measures -8 bits instead of 0, and every caller decides alike: a zero modulus is even (refused before), a zero exponent is below 2 either way, and a zero DSA prime costs max(1, …) = 1 either way.',
  'src/verify/keys.ts:136:47 ConditionalExpression false':
    'Equivalent: spkiParamsTag is the first byte of spkiParams (x509/certificate.ts), so a tag equal to OBJECT IDENTIFIER implies parameters are present.',
  'src/verify/keys.ts:160:9 ConditionalExpression true':
    'Equivalent: not reachable: the readers readFacts calls (readRoot, children, integerBytes, readOid) throw only DerError, so no other error reaches the catch.',

  // src/verify/keys.ts, focused run of 2026-11-24 (with ocsp.ts): 90.1 %, 14 survivors, all judged here.
  'src/verify/keys.ts:64:46 BooleanLiteral true':
    'Equivalent: KeyProblem.weak is read by no caller (path.ts, signature.ts and revocation.ts use reason and message only).',
  'src/verify/keys.ts:182:124 BooleanLiteral false':
    'Equivalent: KeyProblem.weak is read by no caller (path.ts, signature.ts and revocation.ts use reason and message only).',
  'src/verify/keys.ts:184:112 BooleanLiteral false':
    'Equivalent: KeyProblem.weak is read by no caller (path.ts, signature.ts and revocation.ts use reason and message only).',
  'src/verify/keys.ts:70:10 ConditionalExpression false':
    'Equivalent: integerBytes refuses non-minimal INTEGERs, so a leading zero octet is single and followed by one with its high bit set: counted as an octet of 0 significant bits it gives the same length (and [0x00] measures 0 either way).',
  'src/verify/keys.ts:70:10 ConditionalExpression true':
    'Equivalent: (the bound) past the last octet bytes[i] is undefined, which is not 0, so the loop stops at the same index.',
  'src/verify/keys.ts:70:10 EqualityOperator i >= bytes.length':
    'Equivalent: the loop then never runs (an INTEGER has at least one octet), which measures the same length: see 70:10 ConditionalExpression false.',
  'src/verify/keys.ts:83:59 StringLiteral ""':
    "Equivalent for behaviour: a DerError in readFacts becomes public-key-malformed with readFacts' own message; the reader's words are never read.",
  'src/verify/keys.ts:84:69 StringLiteral ""':
    "Equivalent for behaviour: a DerError in readFacts becomes public-key-malformed with readFacts' own message; the reader's words are never read.",
  'src/verify/keys.ts:89:43 StringLiteral ""':
    "Equivalent for behaviour: a DerError in readFacts becomes public-key-malformed with readFacts' own message; the reader's words are never read.",
  'src/verify/keys.ts:117:65 StringLiteral ""':
    "Equivalent for behaviour: a DerError in readFacts becomes public-key-malformed with readFacts' own message; the reader's words are never read.",
  'src/verify/keys.ts:138:95 StringLiteral ""':
    "Equivalent for behaviour: a DerError in readFacts becomes public-key-malformed with readFacts' own message; the reader's words are never read.",

  // src/verify/ocsp.ts, before its run (keys written from the source as Stryker numbers them): 117
  // mutants applied by hand, all but these killed by verify-ocsp-mut2.test.ts. The focused run of
  // 2026-11-24 (with keys.ts) then gave 96.3 %: these three and the two message labels below.
  'src/verify/ocsp.ts:50:69 StringLiteral ""':
    "Equivalent for behaviour: responderOf keeps only the refusal's reason; the message this label starts is never read.",
  'src/verify/ocsp.ts:69:72 StringLiteral ""':
    "Equivalent for behaviour: responderOf keeps only the refusal's reason; the message this label starts is never read.",
  'src/verify/ocsp.ts:43:10 OptionalChaining basic.responderName.key':
    'Equivalent: not reachable: the ResponderID reader (x509/ocsp.ts readResponderId) returns either a name or a key hash, and only a response without a key hash gets here, so responderName is always set.',
  'src/verify/ocsp.ts:87:9 ConditionalExpression true':
    'Equivalent for behaviour: the map only saves hashing the issuer again for each SingleResponse with the same CertID hash; computed again, the hashes are the same.',

  // src/verify/live/fetch.ts, before its run (keys written from the source as Stryker numbers them):
  // 63 mutants applied by hand, all but these killed by live-fetch-mut.test.ts. A promise settles
  // once, so what runs after it settled cannot be seen.
  'src/verify/live/fetch.ts:48:11 ConditionalExpression false':
    'Equivalent: a second failure rejects a promise already settled (no effect), clears a timer already cleared and destroys a request already destroyed.',
  'src/verify/live/fetch.ts:49:17 BooleanLiteral false':
    'Equivalent: what could run after a failure (the end handler, the timer, another error) only resolves or rejects a promise already rejected.',
  'src/verify/live/fetch.ts:55:9 ConditionalExpression false':
    'Equivalent: request.end(body) with nothing written before makes Node send the Content-Length of that body itself (live-fetch-mut.test.ts "a POST carries its body and its length" passes either way).',
  'src/verify/live/fetch.ts:56:65 StringLiteral ""': 'Equivalent: Node sends GET for an empty method string, as for none.',
  'src/verify/live/fetch.ts:60:19 BooleanLiteral false':
    'Equivalent: after a 304 resolved the promise, a later failure (the timer is cleared) could only reject a settled promise.',
  'src/verify/live/fetch.ts:71:11 ConditionalExpression false':
    'Equivalent for behaviour: without the declared-length check the streamed check refuses the same response with the same message once maxBytes + 1 bytes have arrived; only the bytes read before differ.',
  'src/verify/live/fetch.ts:71:11 ConditionalExpression true':
    'Equivalent: (the left operand) without a Content-Length, Number(undefined) is NaN, and NaN > maxBytes is false as before.',
  'src/verify/live/fetch.ts:84:13 ConditionalExpression false':
    'Equivalent: once a failure settled the promise, resolving it at the end has no effect.',
  'src/verify/live/fetch.ts:85:19 BooleanLiteral false':
    'Equivalent: after the promise resolved at the end, a later failure could only reject a settled promise (the timer is cleared).',

  // src/verify/live/ocsp-client.ts, before its run: 59 mutants applied by hand, all but this one
  // killed by live-ocsp-client-mut.test.ts.
  'src/verify/live/ocsp-client.ts:159:14 ConditionalExpression true':
    'Equivalent: only an unknown verdict can come without validUntil (judgeOcspResponse gives good and revoked one always), so the test is true whenever it is reached.',

  // src/verify/live/trust.ts, before its run: 60 mutants applied by hand, all but these killed by
  // live-trust-mut.test.ts.
  'src/verify/live/trust.ts:116:9 ConditionalExpression true':
    'Equivalent: an update without `crls` compiles the same sources, so rebuilding them keeps every one (by its key) and starts none; the snapshot is built all the same.',
  'src/verify/live/trust.ts:171:13 ConditionalExpression true':
    'Equivalent: not reachable: a source leaves this.sources only through update() or close(), which close it, and a closed source neither accepts a CRL nor calls changed().',

  // src/verify/live/crl-source.ts, before its run: 206 mutants applied by hand, all but these
  // killed by live-crl-source-mut.test.ts (statement removals of the same lines, not Stryker
  // mutants, were equivalent the same way).
  'src/verify/live/crl-source.ts:93:7 ConditionalExpression true':
    'Equivalent: a bigint compared with undefined is false, so without a CRL number on the new CRL the comparison fails as the guard would.',
  'src/verify/live/crl-source.ts:93:39 ConditionalExpression true':
    'Equivalent: a bigint compared with undefined is false, so without a CRL number on the CRL in force the comparison fails as the guard would.',
  'src/verify/live/crl-source.ts:147:13 ConditionalExpression true':
    "Equivalent: a load caused by another file of the directory finds the file's stat signature unchanged and reads nothing.",
  'src/verify/live/crl-source.ts:147:13 ConditionalExpression false':
    'Equivalent for behaviour: without the watcher the stat poll (every CRL_FILE_POLL_MS) loads the same change ("the poll picks it up" in live-crl-source-mut.test.ts); only the delay differs.',
  'src/verify/live/crl-source.ts:182:18 OptionalChaining base?.crlNumber.toString()':
    'Equivalent: a CRL in force always has a CRL number (one without is unusable, x509/crl.ts, and refused), so the call never meets undefined.',
  'src/verify/live/crl-source.ts:226:11 ConditionalExpression true':
    'Equivalent: crlDerFromInput throws PemError and nothing else, so the test is true whenever it is reached.',
  'src/verify/live/crl-source.ts:233:7 ConditionalExpression false':
    'Equivalent for behaviour: the same bytes are then parsed, vetted and compared whole, and found the same: crl-unchanged all the same, at the cost of a parse.',
  'src/verify/live/crl-source.ts:289:40 ArithmeticOperator at - this.safeNow() - 1_000':
    'Not killed: the stale report would come at nextUpdate instead of a second after it (the timer then re-plans itself with no delay until the validation clock passes nextUpdate); only wall-clock timing tells them apart.',
  'src/verify/live/crl-source.ts:289:19 MethodExpression Math.min(0, Math.min(at - this.safeNow() + 1_000, 2 ** 31 - 1))':
    'Not killed: as 289:40, the report comes as soon as the validation clock passes nextUpdate, after timers with no delay; only wall-clock timing tells them apart.',
  'src/verify/live/crl-source.ts:291:11 ConditionalExpression false':
    'Equivalent: watchStaleness clears the timer it replaces and close() clears it, so a timer that fires belongs to the CRLs in force of an open source.',

  'src/verify/live/crl-source.ts:300:9 ConditionalExpression false':
    'Equivalent: not reachable: close() closes the watcher and clears the poll, the only callers of loadFile after start().',
  'src/verify/live/crl-source.ts:335:9 ConditionalExpression false':
    'Equivalent: not reachable: close() clears the refresh timer, and refresh is called only by start() and that timer.',
  'src/verify/live/crl-source.ts:336:9 ConditionalExpression false':
    'Equivalent: not reachable: refresh runs from start() and from the timer schedule() sets once the previous refresh ended, so two never overlap.',
  'src/verify/live/crl-source.ts:345:11 ConditionalExpression true':
    'Equivalent: (the CRL count) validators are kept only after a CRL was accepted (failures === 0), and the source then holds one for good: nothing empties it.',
  'src/verify/live/crl-source.ts:346:11 ConditionalExpression true':
    'Equivalent: (the CRL count) validators are kept only after a CRL was accepted (failures === 0), and the source then holds one for good: nothing empties it.',
  'src/verify/live/crl-source.ts:373:9 ConditionalExpression false':
    'Equivalent: not reachable: schedule() runs at the end of refresh, which returns before it once the source is closed.',

  // src/verify/name-constraints.ts, run of 2026-11-24 (verify configuration); each survivor applied by hand.
  'src/verify/name-constraints.ts:22:10 MethodExpression s.toUpperCase()':
    'Killed since: verify-name-constraints-mut.test.ts "hosts are compared in lower case: …" (a UTF8String emailAddress host with "ß" would upper-case to "SS").',
  'src/verify/name-constraints.ts:27:40 StringLiteral "Stryker was here!"':
    'Killed since: verify-name-constraints-mut.test.ts "a name with a trailing dot is the name without it".',
  'src/verify/name-constraints.ts:30:7 ConditionalExpression false':
    'Equivalent: not reachable: add() refuses every dNSName constraint with a leading period, and dropping one trailing dot cannot make one, so c never starts with a period here.',
  "src/verify/name-constraints.ts:30:7 MethodExpression c.endsWith('.')":
    'Killed since: verify-name-constraints-mut.test.ts "only one trailing dot is dropped from a constraint: …" (xexample.com.. would end with example.com.).',
  'src/verify/name-constraints.ts:30:33 MethodExpression n.startsWith(c)':
    'Equivalent: not reachable, see 30:7 (no constraint here starts with a period).',
  'src/verify/name-constraints.ts:51:13 Regex /[a-z][a-z0-9+.-]*:\\/\\/(?:[^@/?#]*@)?(\\[[^\\]]*\\]|[^:/?#]*)/i':
    'Killed since: verify-name-constraints-mut.test.ts "the scheme must start the URI: …" (unanchored, urn:http://evil.example/ would yield the host evil.example: name-constraints-excluded instead of name-constraints-uri-without-host).',
  'src/verify/name-constraints.ts:51:13 Regex /^[a-z][a-z0-9+.-]*:\\/\\/(?:[^@/?#]*@)?(\\[[^\\]]\\]|[^:/?#]*)/i':
    'Killed since: verify-name-constraints-mut.test.ts "an IPv6 literal host is compared whole" (the host of https://[2001:db8::1]/x would be "[": name-constraints-not-permitted).',
  'src/verify/name-constraints.ts:51:13 Regex /^[a-z][a-z0-9+.-]*:\\/\\/(?:[^@/?#]*@)?(\\[[\\]]*\\]|[^:/?#]*)/i':
    'Killed since: verify-name-constraints-mut.test.ts "an IPv6 literal host is compared whole" (the host of https://[2001:db8::1]/x would be "[": name-constraints-not-permitted).',
  'src/verify/name-constraints.ts:68:19 EqualityOperator i <= name.length':
    'Equivalent: the extra turn reads past both arrays: undefined & undefined is 0 on both sides, so it never returns false.',
  'src/verify/name-constraints.ts:79:7 ConditionalExpression false':
    'Equivalent: two mutants share this key. The one that survives the run of 2026-11-24 makes the length test alone false: only 16-byte addresses reach mappedIpv4 (ipForms returns earlier for 4 bytes, and the parser accepts only 4 or 16). The other, the whole condition made false, is killed by verify-name-constraints-mut.test.ts "an IPv6 address that merely ends with the bytes of an excluded IPv4 range is not in it" (confirmed by that run).',
  'src/verify/name-constraints.ts:79:7 LogicalOperator bytes.length !== 16 && !MAPPED_PREFIX.every((b, i) => bytes[i] === b)':
    'Killed since: verify-name-constraints-mut.test.ts "an IPv6 address that merely ends with the bytes of an excluded IPv4 range is not in it".',
  'src/verify/name-constraints.ts:79:31 MethodExpression MAPPED_PREFIX.some((b, i) => bytes[i] === b)':
    'Killed since: verify-name-constraints-mut.test.ts "an IPv6 address that merely ends with the bytes of an excluded IPv4 range is not in it".',
  'src/verify/name-constraints.ts:79:61 ConditionalExpression true':
    'Killed since: verify-name-constraints-mut.test.ts "an IPv6 address that merely ends with the bytes of an excluded IPv4 range is not in it".',
  'src/verify/name-constraints.ts:107:7 ConditionalExpression false':
    'Equivalent: for a 4-byte address the loop reads bytes[4], which is undefined and not 0, and returns false as the length test does.',
  'src/verify/name-constraints.ts:110:31 ConditionalExpression true':
    'Killed since: verify-name-constraints-mut.test.ts "::0.1.0.0 is IPv4-compatible, not the unspecified or loopback address".',
  'src/verify/name-constraints.ts:115:7 ConditionalExpression false':
    "Equivalent: with a constraint longer than the name, every() reaches an index past the name, where undefined differs from the constraint's key: false all the same.",
  'src/verify/name-constraints.ts:124:46 StringLiteral "Stryker was here!"':
    'Killed since: verify-name-constraints-mut.test.ts "an excluded constraint with a trailing dot still catches a wildcard one label above it".',
  'src/verify/name-constraints.ts:184:52 StringLiteral ``':
    'Killed since: verify-name-constraints-mut.test.ts "a dNSName constraint with a leading period, quoted".',
  'src/verify/name-constraints.ts:195:9 ConditionalExpression false':
    'Equivalent: without constraints the work bound is 0 and the loop over sets does not run: undefined all the same; the early return only saves reading the names.',
  'src/verify/name-constraints.ts:201:9 StringLiteral ``':
    'Killed since: verify-name-constraints-mut.test.ts "the work limit, with both counts".',
  'src/verify/name-constraints.ts:206:104 ConditionalExpression true':
    'Killed since: verify-name-constraints-mut.test.ts "an otherName is not constrained by a constraint of another unsupported form" (a registeredID constraint).',
  'src/verify/name-constraints.ts:210:13 StringLiteral ``':
    'Killed since: verify-name-constraints-mut.test.ts "under a constraint of its own form it is refused, naming the form".',
  "src/verify/name-constraints.ts:213:31 MethodExpression [...set.permitted, ...set.excluded].every(s => s.base.type === 'ip' && s.base.by":
    'Killed since: verify-name-constraints-mut.test.ts "an IPv4 constraint beside a constraint of another form still makes IPv4-compatible addresses ambiguous".',
  'src/verify/name-constraints.ts:218:13 StringLiteral ""':
    'Killed since: verify-name-constraints-mut.test.ts "::0.1.0.0 is IPv4-compatible, …" asserts the message.',
  "src/verify/name-constraints.ts:230:73 MethodExpression set.excluded.every(s => s.base.type === 'uri')":
    'Killed since: verify-name-constraints-mut.test.ts "a URI without a host is refused whenever some excluded subtree is a URI, beside other forms".',
  'src/verify/name-constraints.ts:231:63 StringLiteral ``':
    'Killed since: verify-name-constraints-mut.test.ts "a URI without a host is refused whenever …" asserts the message.',
  "src/verify/name-constraints.ts:241:5 ConditionalExpression case 'dn':":
    'Killed since: verify-name-constraints-mut.test.ts "a subject outside the permitted directory names is named as the subject name".',
  'src/verify/name-constraints.ts:242:14 StringLiteral ""':
    'Killed since: verify-name-constraints-mut.test.ts "a subject outside the permitted directory names is named as the subject name".',
  'src/verify/name-constraints.ts:244:14 StringLiteral ""':
    'Killed since: verify-name-constraints-mut.test.ts "an address outside the permitted ranges is named as an IP address name".',

  // src/decode.ts, run of 2026-11-23 on the file with the regular-expression canonical shortcut (lines
  // 71-84 of that version; from line 84 on, the current file has the same code 5 lines lower). Each
  // survivor was applied by hand and the decode tests run (decode, decode-canonical, rfc9440, messages,
  // decode-mut).
  "src/decode.ts:14:17 MethodExpression lines.join(', ').trimEnd()":
    'Killed since: decode-mut.test.ts "PEM after leading whitespace is still recognised (the value is trimmed at its start)".',
  'src/decode.ts:14:28 StringLiteral ""':
    'Killed since: decode-mut.test.ts "the chain hint looks at the field lines combined with ", ", as the parser does" (an empty first line would vanish and the second line\'s bare-base64 hint apply).',
  'src/decode.ts:18:7 StringLiteral ``': 'Killed since: decode-mut.test.ts "PEM in Client-Cert" asserts the message.',
  'src/decode.ts:20:9 StringLiteral ""': 'Killed since: decode-mut.test.ts "PEM in Client-Cert" asserts the message.',
  'src/decode.ts:24:7 Regex /(?:By|Hash|Cert|Chain|Subject|URI|DNS)=/':
    'Killed since: decode-mut.test.ts "an XFCC key only counts at the start of the value" (MIIBDNS=x would be called XFCC).',
  'src/decode.ts:27:7 StringLiteral ``': 'Killed since: decode-mut.test.ts "an Envoy XFCC value in Client-Cert" asserts the message.',
  'src/decode.ts:35:7 StringLiteral ``': 'Killed since: decode-mut.test.ts "bare base64 DER in Client-Cert" asserts the message.',
  'src/decode.ts:40:47 StringLiteral ``':
    'Killed since: decode-mut.test.ts "anything else in Client-Cert that the parser refuses" asserts the message.',
  'src/decode.ts:46:10 ArithmeticOperator n - Math.max(0, lines.length - 1) * 2':
    'Killed since: decode-mut.test.ts "limits.chainBytes counts the ", " that joins field lines, at its exact bound".',
  'src/decode.ts:46:14 ArithmeticOperator Math.max(0, lines.length - 1) / 2':
    'Killed since: decode-mut.test.ts "limits.chainBytes counts the ", " that joins field lines, at its exact bound".',
  'src/decode.ts:46:14 MethodExpression Math.min(0, lines.length - 1)':
    'Killed since: decode-mut.test.ts "limits.chainBytes counts the ", " that joins field lines, at its exact bound".',
  'src/decode.ts:46:26 ArithmeticOperator lines.length + 1':
    'Killed since: decode-mut.test.ts "limits.chainBytes counts the ", " that joins field lines, at its exact bound" (one line has no separator).',
  'src/decode.ts:50:56 StringLiteral ""':
    'Killed since: decode-mut.test.ts "a member that is not a byte sequence, named by its position" asserts the reason.',
  'src/decode.ts:50:83 StringLiteral ``':
    'Killed since: decode-mut.test.ts "a member that is not a byte sequence, named by its position" asserts the message.',
  'src/decode.ts:51:60 StringLiteral ``': 'Killed since: decode-mut.test.ts "parameters" asserts the message.',
  'src/decode.ts:52:7 ConditionalExpression false':
    'Killed since: decode-mut.test.ts "an empty member, named by its position" (the empty member would pass the decoder; only the DER parser refused it before).',
  'src/decode.ts:52:47 StringLiteral ""': 'Killed since: decode-mut.test.ts "an empty member, named by its position" asserts the reason.',
  'src/decode.ts:52:62 StringLiteral ``': 'Killed since: decode-mut.test.ts "an empty member, named by its position" asserts the message.',
  'src/decode.ts:59:9 EqualityOperator line.length >= limits.certBytes':
    'Killed since: decode-mut.test.ts "limits.certBytes: a line of exactly the limit passes, one byte more is refused".',
  'src/decode.ts:60:62 StringLiteral ``':
    'Killed since: decode-mut.test.ts "limits.certBytes: a line of exactly the limit passes, one byte more is refused" asserts the message.',
  'src/decode.ts:64:7 EqualityOperator byteLength(chainLines) >= limits.chainBytes':
    'Killed since: decode-mut.test.ts "limits.chainBytes counts the ", " that joins field lines, at its exact bound".',
  'src/decode.ts:65:60 StringLiteral ``':
    'Killed since: decode-mut.test.ts "limits.chainBytes counts the ", " that joins field lines, at its exact bound" asserts the message.',
  'src/decode.ts:81:7 ConditionalExpression true':
    'Equivalent: the shortcut is never taken and the general parser decides every line; the canonical shortcut only spares the general parser its byte-by-byte decoding: decode-canonical.test.ts checks property-wise that both decide alike, the refusal of an empty sequence included (same reason and message). (The regular-expression shortcut of that run has since been replaced by a re-encoding check; its counterpart there, 83:7 true, is equivalent for the same reason.)',
  'src/decode.ts:81:7 ArithmeticOperator (line.length - 2) * 4':
    'Equivalent: only a two-character line (::) passes the changed length test, and for it the shortcut and the general parser give the same field-empty refusal; every other line goes to the general parser; the canonical shortcut only spares the general parser its byte-by-byte decoding: decode-canonical.test.ts checks property-wise that both decide alike, the refusal of an empty sequence included (same reason and message). (Code since replaced by a re-encoding check.)',
  'src/decode.ts:81:8 ArithmeticOperator line.length + 2':
    'Equivalent: (n + 2) % 4 and (n - 2) % 4 are zero for the same n. (Code since replaced by a re-encoding check.)',
  'src/decode.ts:83:37 MethodExpression line':
    "Equivalent: on the lines the regular expression lets through, Node's base64 decoder skips the two colons, so the bytes are the same (checked on 200,000 random lines). (Code since replaced by a re-encoding check, where the same mutant makes the check never match: equivalent, as 81:7 true.)",
  'src/decode.ts:88:27 ArrayDeclaration ["Stryker was here"]':
    'Killed since: decode-mut.test.ts "the Client-Cert field is not held to the chain limits".',
  'src/decode.ts:89:61 StringLiteral ""': 'Killed since: decode-mut.test.ts "a repeated field" asserts the message.',
  'src/decode.ts:92:18 BlockStatement {}':
    "Equivalent: without the shortcut's block the general parser decides the line; the canonical shortcut only spares the general parser its byte-by-byte decoding: decode-canonical.test.ts checks property-wise that both decide alike, the refusal of an empty sequence included (same reason and message).",
  'src/decode.ts:93:68 StringLiteral ""':
    'Killed since: decode-mut.test.ts "an empty byte sequence, canonical or not" asserts the message.',
  'src/decode.ts:100:25 StringLiteral ""': 'Killed since: decode-mut.test.ts "PEM in Client-Cert" asserts the field named in the message.',
  'src/decode.ts:102:7 ConditionalExpression false':
    'Killed since: decode-mut.test.ts "a valid item that is not a byte sequence gets the hints too, not the bare member refusal".',
  'src/decode.ts:102:62 StringLiteral ""':
    'Killed since: decode-mut.test.ts "bare base64 DER in Client-Cert" asserts the field named in the message.',
  'src/decode.ts:103:47 StringLiteral ""': 'Killed since: decode-mut.test.ts "parameters" asserts the field named in the message.',
  'src/decode.ts:108:7 ConditionalExpression false':
    "Equivalent: with no field lines the size check sees zero bytes (every limit is a positive integer) and parseList('') is the empty list, so the result is [] either way; the early return only skips that work.",
  'src/decode.ts:109:20 ArrayDeclaration ["Stryker was here"]':
    'Killed since: decode-mut.test.ts "the chain field is not held to the Client-Cert limit".',
  'src/decode.ts:115:25 StringLiteral ""': 'Killed since: decode-mut.test.ts "the hints name Client-Cert-Chain for the chain field".',
  'src/decode.ts:118:60 StringLiteral ``': 'Killed since: decode-mut.test.ts "limits.chainCount" asserts the message.',
  'src/decode.ts:124:50 StringLiteral ``':
    'Killed since: decode-mut.test.ts "an inner list member, named by its position" asserts the message.',
  'src/decode.ts:124:78 ArithmeticOperator i - 1':
    'Killed since: decode-mut.test.ts "an inner list member, named by its position" (member 2, not 0).',
  'src/decode.ts:125:46 StringLiteral ``':
    'Killed since: decode-mut.test.ts "a member that is not a byte sequence, named by its position" asserts the message.',
  'src/decode.ts:125:74 ArithmeticOperator i - 1':
    'Killed since: decode-mut.test.ts "a member that is not a byte sequence, named by its position" (member 2, not 0).',
  // src/decode.ts as it is now: the survivors a next run should find, checked by hand the same way.
  'src/decode.ts:83:7 ConditionalExpression true':
    'Equivalent: the shortcut is never taken and the general parser decides every line; the canonical shortcut only spares the general parser its byte-by-byte decoding: decode-canonical.test.ts checks property-wise that both decide alike, the refusal of an empty sequence included (same reason and message).',
  'src/decode.ts:83:7 EqualityOperator line.length <= 2':
    'Equivalent: the one line it sends to the general parser instead, ::, gets the same field-empty refusal and message there.',
  'src/decode.ts:84:16 MethodExpression line':
    'Equivalent: re-encoding never gives back the text with its colons, so the shortcut is never taken (as 83:7 true).',
  'src/decode.ts:97:18 BlockStatement {}':
    "Equivalent: without the shortcut's block the general parser decides the line; the canonical shortcut only spares the general parser its byte-by-byte decoding: decode-canonical.test.ts checks property-wise that both decide alike, the refusal of an empty sequence included (same reason and message).",
  'src/decode.ts:83:74 ArithmeticOperator line.length + 1':
    'Equivalent: charCodeAt past the end is NaN, never a colon, so the shortcut is never taken and the general parser decides every line (as 83:7 true).',
  'src/decode.ts:86:7 ConditionalExpression true':
    'Equivalent: the shortcut is never taken and the general parser decides every line (as 83:7 true).',
  'src/decode.ts:122:7 EqualityOperator list.length >= limits.chainCount':
    'Killed since: intake-decode-mut2.test.ts "a chain of exactly the limit is decoded, one member more is refused".',
  'src/decode.ts:113:7 ConditionalExpression false':
    "Equivalent: with no field lines the size check sees zero bytes and parseList('') is the empty list, so the result is [] either way.",

  // src/formats/ apache, cloudflare, escaped, numbered, scan, traefik: run of 2026-11-24 with
  // stryker.edge.config.mjs (31 survivors, each applied by hand against intake-formats-mut.test.ts).
  'src/formats/cloudflare.ts:26:55 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/cloudflare.ts:29:74 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/cloudflare.ts:31:66 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/cloudflare.ts:34:49 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/numbered.ts:18:31 EqualityOperator i <= name.length':
    "Equivalent: one step past the end charCodeAt gives NaN, and NaN is neither below '0' nor above '9', so the loop ends with the same true.",
  'src/formats/numbered.ts:37:52 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/numbered.ts:39:63 StringLiteral ""': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/numbered.ts:43:68 StringLiteral ""': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/numbered.ts:47:73 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/apache.ts:21:78 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/apache.ts:37:82 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/escaped.ts:19:7 ConditionalExpression false':
    'Equivalent: without chain fields the loop below adds nothing, so the function returns a new object with the same leaf and a copy of the same chain.',
  'src/formats/escaped.ts:22:42 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/escaped.ts:24:60 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/escaped.ts:36:7 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/traefik.ts:14:7 ConditionalExpression true':
    'Killed since: intake-formats-mut.test.ts "%3B is an escape Traefik never writes" (both hex digits are read).',
  'src/formats/traefik.ts:15:7 ConditionalExpression true':
    'Killed since: intake-formats-mut.test.ts "%3F is an escape Traefik never writes".',
  'src/formats/traefik.ts:16:7 LogicalOperator hi === 0x33 || l === 0x64':
    'Killed since: intake-formats-mut.test.ts "%3A is an escape Traefik never writes".',
  'src/formats/traefik.ts:16:7 ConditionalExpression true':
    'Killed since: intake-formats-mut.test.ts "%2D is an escape Traefik never writes".',
  'src/formats/traefik.ts:16:22 ConditionalExpression true':
    'Killed since: intake-formats-mut.test.ts "%3B is an escape Traefik never writes".',
  'src/formats/traefik.ts:22:17 MethodExpression singleLine(lines, header)':
    'Killed since: intake-formats-mut.test.ts "the value is trimmed before it is split".',
  'src/formats/traefik.ts:32:66 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/traefik.ts:33:73 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/traefik.ts:33:98 ArithmeticOperator ders.length - 1':
    'Killed since: intake-formats-mut.test.ts "messages name the member by its position, from 1".',
  'src/formats/traefik.ts:37:18 ConditionalExpression true':
    'Equivalent: past the end charCodeAt gives NaN, which matches no hex digit (NaN | 0x20 is 0x20), so unescapedBase64Char returns undefined, the value the guard gives.',
  'src/formats/traefik.ts:37:18 EqualityOperator i + 2 <= value.length':
    'Equivalent: at i + 2 === length the second digit is charCodeAt(length), NaN, which matches no escape: undefined either way.',
  'src/formats/traefik.ts:37:18 ArithmeticOperator i - 2':
    'Equivalent: the guard becomes always true; past the end charCodeAt gives NaN, which matches no escape: undefined either way.',
  'src/formats/traefik.ts:38:71 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/scan.ts:10:59 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/scan.ts:26:61 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',
  'src/formats/scan.ts:37:72 StringLiteral ``': 'Killed since: intake-formats-mut.test.ts asserts the message.',

  // src/x509/certificate.ts, run of 2026-11-24 (stryker.x509.config.mjs; 22 survivors, each applied by hand
  // against x509-certificate-mut.test.ts).
  'src/x509/certificate.ts:174:38 ConditionalExpression true':
    'Killed since: x509-certificate-mut.test.ts "drops only the leading zero octets" (0100 would lose its first octet).',
  'src/x509/certificate.ts:174:58 UpdateOperator start--':
    'Killed since: x509-certificate-mut.test.ts "drops only the leading zero octets" (008001 would read as 01).',
  'src/x509/certificate.ts:179:46 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:201:33 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:228:33 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:236:41 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:237:43 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:239:44 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:242:39 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:273:40 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:274:37 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:280:36 StringLiteral ""':
    "Equivalent: within() names the TBSCertificate only if it is primitive or has elements left, and neither can happen: r.next(Tag.SEQUENCE) took a constructed 0x30, and readTbsCertificate ends with r.end('TBSCertificate') on the same reader.",
  'src/x509/certificate.ts:290:35 ArrayDeclaration ["Stryker was here"]':
    'Killed since: x509-certificate-mut.test.ts "leaves every extension field undefined (and the lists empty) without extensions".',
  'src/x509/certificate.ts:291:60 ConditionalExpression true':
    'Killed since: x509-certificate-mut.test.ts "decodes each extension into its field" (subjectEmails holds only the emailAddress).',
  'src/x509/certificate.ts:291:60 EqualityOperator a.oid !== OID.emailAddress':
    'Killed since: x509-certificate-mut.test.ts "decodes each extension into its field".',
  'src/x509/certificate.ts:317:55 ArrowFunction () => undefined':
    'Killed since: x509-certificate-mut.test.ts "decodes each extension into its field" (extKeyUsage).',
  'src/x509/certificate.ts:317:83 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/certificate.ts:330:17 ConditionalExpression true':
    'Killed since: x509-certificate-mut.test.ts "reads the envelope, the serial, the names and the validity" (selfIssued false).',
  'src/x509/certificate.ts:330:17 ConditionalExpression false':
    'Killed since: x509-certificate-mut.test.ts "leaves every extension field undefined …" (a self-signed certificate is self-issued).',
  'src/x509/certificate.ts:330:17 EqualityOperator issuer.key !== subject.key':
    'Killed since: x509-certificate-mut.test.ts (selfIssued asserted both ways).',
  'src/x509/certificate.ts:342:7 ConditionalExpression true':
    'Killed since: x509-certificate-mut.test.ts "creates the key once per parsed certificate".',
  'src/x509/certificate.ts:371:40 StringLiteral ""':
    'Killed since: x509-certificate-mut.test.ts "a broken CERTIFICATE block in configuration text is named as the PEM text".',

  // src/x509/extensions.ts, run of 2026-11-24 (stryker.x509.config.mjs; 23 survivors, each applied by hand
  // against x509-extensions-mut.test.ts).
  'src/x509/extensions.ts:101:74 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:126:61 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:146:39 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:147:46 StringLiteral ""':
    'Equivalent: the label names this element only when its tag differs (optionalNested checked it), when a primitive element is entered (the tag is constructed) or when elements are left over, and readSubtrees reads to the end of its content; so no input shows it.',
  'src/x509/extensions.ts:148:45 StringLiteral ""':
    'Equivalent: the label names this element only when its tag differs (optionalNested checked it), when a primitive element is entered (the tag is constructed) or when elements are left over, and readSubtrees reads to the end of its content; so no input shows it.',
  'src/x509/extensions.ts:149:35 ConditionalExpression true':
    'Killed since: x509-extensions-mut.test.ts "excluded subtrees alone are a constraint".',
  'src/x509/extensions.ts:165:45 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:171:39 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:184:43 StringLiteral ""':
    'Equivalent: the label names this element only when its tag differs (optionalNested checked it), when a primitive element is entered (the tag is constructed) or when elements are left over, and readQualifiers reads to the end of its content; so no input shows it.',
  'src/x509/extensions.ts:196:42 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:200:39 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:202:54 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:209:39 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:222:63 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:229:28 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:230:42 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:238:43 StringLiteral ""':
    'Equivalent: the label names this element only when its tag differs (optionalNested checked it), when a primitive element is entered (the tag is constructed) or when elements are left over, and readGeneralNames reads to the end of its content; so no input shows it.',
  'src/x509/extensions.ts:241:27 StringLiteral ""':
    'Equivalent: r.next(0xa1) returned a constructed element and checkRelativeName reads to the end of its content, so within() never names it.',
  'src/x509/extensions.ts:248:44 StringLiteral ""':
    'Equivalent: the label names this element only when its tag differs (optionalNested checked it), when a primitive element is entered (the tag is constructed) or when elements are left over, and readGeneralNames reads to the end of its content; so no input shows it.',
  'src/x509/extensions.ts:258:39 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:266:34 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:272:32 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',
  'src/x509/extensions.ts:274:45 StringLiteral ""':
    'Killed since: x509-extensions-mut.test.ts "each field is named in its refusal" asserts the message.',

  // src/x509/names.ts, run of 2026-11-24 (stryker.x509.config.mjs; 40 survivors and uncovered, each applied by
  // hand against x509-names-mut.test.ts).
  'src/x509/names.ts:69:9 EqualityOperator cp >= 0x10ffff':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:97:5 ConditionalExpression default:':
    'Equivalent: without the default branch the switch falls through to the end of the function, which returns undefined as the branch does.',
  'src/x509/names.ts:113:7 ConditionalExpression false':
    'Equivalent: the shortcut skips folding only for text without ASCII capitals, whitespace, NUL/SOH/STX or non-ASCII characters, on which trim, the whitespace collapse, toLowerCase and the separator escape all change nothing.',
  'src/x509/names.ts:115:7 ConditionalExpression false':
    'Equivalent: for text without white space or separators the general path trims nothing, collapses nothing and escapes nothing (trim and \\s cover the same characters), so it returns text.toLowerCase() as the shortcut does.',
  'src/x509/names.ts:118:22 StringLiteral ""':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:120:37 StringLiteral ``':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:140:53 StringLiteral ""':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:140:7 ConditionalExpression false':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:149:36 StringLiteral ``':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:149:76 StringLiteral ``':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:149:110 StringLiteral ``':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:150:19 ConditionalExpression false': 'Equivalent: sorting and joining a list of one part gives that part.',
  'src/x509/names.ts:150:69 StringLiteral ""':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:152:65 StringLiteral ""':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:165:55 StringLiteral ""':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:166:50 StringLiteral ""':
    'Equivalent: name.der is always the encoding of one whole Name SEQUENCE (parseName keeps encodingOf its node), so readRoot never refuses it and the label is never shown.',
  'src/x509/names.ts:177:10 LogicalOperator (SHORT_NAMES[oid] ?? EXTRA_NAMES[oid]) && oid':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:186:9 ConditionalExpression false':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:187:14 ConditionalExpression false':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:187:14 StringLiteral ""':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:187:45 StringLiteral ``':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:188:40 ConditionalExpression false':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:188:46 StringLiteral ""':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:203:49 ConditionalExpression true':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:203:88 StringLiteral ``':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:215:32 BlockStatement {}':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:216:26 BlockStatement {}':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:219:21 ArrayDeclaration ["Stryker was here"]':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 ConditionalExpression true':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 ConditionalExpression false':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 Regex /\\d+(?:\\.\\d+)+$/':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 Regex /^\\d+(?:\\.\\d+)+/':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 Regex /^\\d(?:\\.\\d+)+$/':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 Regex /^\\D+(?:\\.\\d+)+$/':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 Regex /^\\d+(?:\\.\\d+)$/':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 Regex /^\\d+(?:\\.\\d)+$/':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:263:7 Regex /^\\d+(?:\\.\\D+)+$/':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:264:32 MethodExpression name.toUpperCase()':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:270:80 ArithmeticOperator (out[attributeKey(a.oid)] ?? 0) - 1':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',
  'src/x509/names.ts:270:81 LogicalOperator out[attributeKey(a.oid)] && 0':
    'Killed since: x509-names-mut.test.ts (the key, the RFC 4514 text, the attributes by key or the refusal it changes is asserted).',

  // src/formats/index.ts: not run yet with the tests of this change; every mutant of its rules was
  // applied by hand against intake-xfcc-mut.test.ts, and these are the ones no input tells apart (keys
  // written from the code for the next run). src/proxy.ts: run of 2026-11-24 with the edge
  // configuration and intake-proxy-mut.test.ts (11 survivors of 255).
  'src/formats/index.ts:119:12 ConditionalExpression true':
    'Equivalent: past the end charCodeAt is NaN, which isKeyChar refuses, so the key scan stops at the end either way.',
  'src/formats/index.ts:119:12 EqualityOperator i <= n':
    'Equivalent: past the end charCodeAt is NaN, which isKeyChar refuses, so the key scan stops at the end either way.',
  'src/formats/index.ts:133:15 ConditionalExpression false':
    "Equivalent: a backslash as the last character then appends text[n] (undefined) and steps past the end, where the loop's own check throws the same xfcc-syntax refusal with the same message.",
  'src/formats/index.ts:133:15 EqualityOperator i + 1 > n':
    "Equivalent: a backslash as the last character then appends text[n] (undefined) and steps past the end, where the loop's own check throws the same xfcc-syntax refusal with the same message.",
  'src/formats/index.ts:133:15 ArithmeticOperator i - 1':
    "Equivalent: a backslash as the last character then appends text[n] (undefined) and steps past the end, where the loop's own check throws the same xfcc-syntax refusal with the same message.",
  // src/formats/index.ts, run of 2026-11-24 (edge configuration): the survivors left after it, each applied
  // by hand against intake-xfcc-mut2.test.ts.
  'src/formats/index.ts:105:57 ConditionalExpression true':
    'Killed since: intake-xfcc-mut2.test.ts "a key with the character after Z ([)" (it would be read as a key character: xfcc-unknown-key instead of xfcc-syntax).',
  'src/formats/index.ts:105:57 EqualityOperator c < 0x5a': 'Killed since: intake-xfcc-mut2.test.ts "a key ending in Z".',
  'src/formats/index.ts:105:85 ConditionalExpression true':
    'Killed since: intake-xfcc-mut2.test.ts "a key with the character after z ({)".',
  'src/formats/index.ts:105:85 EqualityOperator c < 0x7a': 'Killed since: intake-xfcc-mut2.test.ts "a key ending in z".',
  'src/formats/index.ts:130:13 EqualityOperator i > n':
    'Equivalent: at i === n charCodeAt is NaN, neither a backslash nor a quote, so the loop steps once more and throws the same xfcc-syntax refusal, same message, at n + 1.',
  'src/formats/index.ts:145:14 EqualityOperator i <= n':
    'Equivalent: at i === n charCodeAt is NaN, no separator, quote or =, so the loop steps once past the end; slice(start, n + 1) is slice(start, n) and `i >= n` ends the scan as before.',
  'src/formats/index.ts:164:14 ConditionalExpression true':
    'Equivalent: at i === n charCodeAt is NaN, neither a space nor a tab, so the skip stops at the end either way.',
  'src/formats/index.ts:164:14 EqualityOperator i <= n':
    'Equivalent: at i === n charCodeAt is NaN, neither a space nor a tab, so the skip stops at the end either way.',
  'src/formats/index.ts:256:87 StringLiteral ``':
    'Killed since: intake-xfcc-mut2.test.ts "is named when it holds no certificate" asserts the message.',
  'src/proxy.ts:193:9 ConditionalExpression false':
    "Equivalent: proxy-addr cannot parse '' and throws, which the loop takes as no match: the empty peer stays untrusted.",
  'src/proxy.ts:195:9 ConditionalExpression true':
    'Equivalent for behaviour: the remembered decisions only save cost; cleared more often a decision is computed again and is the same, never cleared they only take memory.',
  'src/proxy.ts:215:11 ConditionalExpression true':
    'Equivalent for behaviour: the remembered decisions only save cost; cleared more often a decision is computed again and is the same, never cleared they only take memory.',
  'src/proxy.ts:215:11 ConditionalExpression false':
    'Equivalent for behaviour: the remembered decisions only save cost; cleared more often a decision is computed again and is the same, never cleared they only take memory.',
  'src/proxy.ts:215:11 EqualityOperator decisions.size > PEER_DECISIONS':
    'Equivalent for behaviour: the remembered decisions only save cost; cleared more often a decision is computed again and is the same, never cleared they only take memory.',
  'src/proxy.ts:215:11 EqualityOperator decisions.size < PEER_DECISIONS':
    'Equivalent for behaviour: the remembered decisions only save cost; cleared more often a decision is computed again and is the same, never cleared they only take memory.',
  "src/proxy.ts:107:63 MethodExpression addresses.some(a => typeof a === 'string')":
    'Killed since: intake-proxy-mut.test.ts "addresses of which one is not a string".',
  'src/proxy.ts:125:5 ConditionalExpression false':
    "Equivalent: without chainFields headerName receives undefined and returns its fallback '', the value the branch gives.",
  'src/proxy.ts:127:97 StringLiteral "Stryker was here!"':
    "Equivalent: this fallback is used only for an undefined value, and here the value is true's prefix or the configured string.",
  'src/proxy.ts:193:18 StringLiteral "Stryker was here!"':
    'Equivalent: as 193:9, an empty peer reaches proxy-addr, which cannot parse it: untrusted either way.',
  'src/proxy.ts:202:23 BooleanLiteral true':
    'Not reached: the initial value matters only when a compiled proxy-addr rule throws, and proxy-addr returns false for anything that is not an IP address (Unix socket paths included); the catch is a defence kept for another matcher.',

  // src/headers.ts: run of 2026-11-24 with the edge configuration and intake-headers-mut.test.ts
  // (20 survivors of 138); the ones marked killed were applied by hand against the tests written after it.
  'src/headers.ts:24:7 ConditionalExpression true':
    'Equivalent for behaviour: the slots are looked up again on a throwaway message each time, and found the same; only the cost differs.',
  'src/headers.ts:24:28 BlockStatement {}':
    'Killed since: intake-headers-mut2.test.ts "takes the field off a parsed request without building either view, and corrects the line count" (applied by hand). The look-up runs once per module, in the first takeFields call of a test file, so only the first such test of each file covers it; in the run those first tests did not look at the views. That test is the first of its file.',
  'src/headers.ts:26:9 BlockStatement {}':
    'Killed since: intake-headers-mut2.test.ts "takes the field off a parsed request without building either view, and corrects the line count" (applied by hand; see 24:28).',
  'src/headers.ts:31:54 StringLiteral ""':
    'Killed since: intake-headers-mut2.test.ts "takes the field off a parsed request without building either view, and corrects the line count" (applied by hand; see 24:28).',
  'src/headers.ts:31:83 StringLiteral ""':
    'Killed since: intake-headers-mut2.test.ts "takes the field off a parsed request without building either view, and corrects the line count" (applied by hand; see 24:28).',
  'src/headers.ts:31:107 StringLiteral ""':
    'Killed since: intake-headers-mut2.test.ts "takes the field off a parsed request without building either view, and corrects the line count" (applied by hand; see 24:28).',
  'src/headers.ts:51:10 ConditionalExpression true':
    'Equivalent: Node 20 always has the header-view slots and a built headersDistinct view is always an object, so the check is true on this runtime.',
  "src/headers.ts:51:10 LogicalOperator distinct !== null || typeof distinct === 'object'":
    'Equivalent: Node 20 always has the header-view slots and a built headersDistinct view is always an object, so the check is true on this runtime.',
  'src/headers.ts:51:31 ConditionalExpression true':
    'Equivalent: Node 20 always has the header-view slots and a built headersDistinct view is always an object, so the check is true on this runtime.',
  'src/headers.ts:95:33 ArrayDeclaration ["Stryker was here"]':
    'Equivalent: a prefix with spaces matches no field name (an HTTP field name has no spaces), so the extra prefix strips nothing.',
  'src/headers.ts:111:11 ConditionalExpression true':
    'Equivalent for behaviour: a name shorter than every field name and prefix is never a field, so looking it up only costs time.',
  'src/headers.ts:124:11 ConditionalExpression true':
    'Equivalent: until the first field is found `write` and `read` advance together from 0, so the copy would only assign each name and value to its own slot.',
  'src/headers.ts:130:9 ConditionalExpression true':
    'Killed since: intake-headers-mut.test.ts "a request without any field keeps even a trailing name without its value".',
  'src/headers.ts:135:13 ConditionalExpression true':
    'Equivalent: when Node has not built the distinct view the slot holds null, and `if (distinct)` below skips null as it skips undefined.',
  "src/headers.ts:135:13 LogicalOperator built !== null || typeof built === 'object'":
    'Equivalent: when Node has not built the distinct view the slot holds null, and `if (distinct)` below skips null as it skips undefined.',
  'src/headers.ts:135:31 ConditionalExpression true':
    'Equivalent: when Node has not built the distinct view the slot holds null, and `if (distinct)` below skips null as it skips undefined.',
  'src/headers.ts:147:9 ConditionalExpression false':
    'Equivalent for behaviour: a name shorter than every field name and prefix is never a field, so looking it up only costs time.',
  'src/headers.ts:150:17 ArrayDeclaration ["Stryker was here"]':
    'Equivalent: the extra name has spaces, which no HTTP field name has, so deleting it from the view removes nothing.',
  'src/headers.ts:154:28 ArithmeticOperator doomed.length + 1':
    'Killed since: intake-headers-mut.test.ts "only the fields are deleted from the view: a field named \\"undefined\\" is kept".',
  // src/x509/ocsp.ts, run of 2026-11-24 (stryker.x509.config.mjs; 24 survivors and uncovered, each applied by
  // hand against x509-ocsp-mut2.test.ts).
  'src/x509/ocsp.ts:99:24 LogicalOperator hash.params.length === 2 && hash.params[0] === Tag.NULL || hash.params[1] === 0':
    'Killed since: x509-ocsp-mut2.test.ts "are refused when they are an empty element other than NULL" (an empty SEQUENCE as parameters).',
  'src/x509/ocsp.ts:99:24 LogicalOperator hash.params.length === 2 || hash.params[0] === Tag.NULL':
    'Killed since: x509-ocsp-mut2.test.ts "are refused when they are an empty element other than NULL".',
  'src/x509/ocsp.ts:99:24 ConditionalExpression true':
    'Equivalent: two mutants share this key. `hash.params.length === 2 && hash.params[0] === Tag.NULL` → true is killed by x509-ocsp-mut2.test.ts "are refused when they are an empty element other than NULL"; `hash.params.length === 2` → true is equivalent: params is the encoding of exactly one element (readAlgorithm ends the AlgorithmIdentifier after it), so one that starts 05 00 is a whole NULL, two octets long.',
  'src/x509/ocsp.ts:99:52 ConditionalExpression true':
    'Killed since: x509-ocsp-mut2.test.ts "are refused when they are an empty element other than NULL" (30 00 is two octets ending in 0).',
  'src/x509/ocsp.ts:99:83 ConditionalExpression true':
    'Equivalent: params is the encoding of exactly one element; two octets starting with the NULL tag leave one length octet for no content, so it is 0.',
  'src/x509/ocsp.ts:115:26 StringLiteral ""':
    'Killed since: x509-ocsp-mut2.test.ts "the revocation reason" (two reasons in [0]: the message names revocationReason).',
  'src/x509/ocsp.ts:137:43 StringLiteral ""': 'Killed since: x509-ocsp-mut2.test.ts "the single extensions".',
  'src/x509/ocsp.ts:167:51 StringLiteral ""': 'Killed since: x509-ocsp-mut2.test.ts "the response extensions".',
  'src/x509/ocsp.ts:177:26 StringLiteral ""':
    'Equivalent: `certificate is missing` is thrown only at the end of the list, and the loop reads only while the list is not at its end.',
  'src/x509/ocsp.ts:191:40 StringLiteral ""': 'Killed since: x509-ocsp-mut2.test.ts "the certificates".',
  "src/x509/ocsp.ts:208:10 MethodExpression octetString(r, 'response')":
    'Killed since: x509-ocsp-mut2.test.ts "keeps its own copy of the bytes: refilling the input afterwards changes nothing".',
  'src/x509/ocsp.ts:218:11 ConditionalExpression false':
    'Killed since: x509-ocsp-mut2.test.ts "with status %i refuses response bytes after its status, by that rule".',
  'src/x509/ocsp.ts:218:40 StringLiteral ""':
    'Killed since: x509-ocsp-mut2.test.ts "with status %i refuses response bytes after its status, by that rule".',
  'src/x509/ocsp.ts:222:34 StringLiteral ""': 'Killed since: x509-ocsp-mut2.test.ts "the response bytes".',
  'src/x509/ocsp.ts:229:89 StringLiteral ""':
    'Equivalent: spkiKeyBits of a ParsedCertificate is the encoding of the subjectPublicKey BIT STRING that parseCertificateDer already read and checked, so readRoot never refuses it and its label is never shown.',
  'src/x509/ocsp.ts:242:36 StringLiteral ""':
    'Killed since: x509-ocsp-mut2.test.ts "is the SHA-1 of the subjectPublicKey bits without the unused-bits octet".',
  'src/x509/ocsp.ts:267:49 StringLiteral ""':
    'Equivalent: ocspUrlsOf catches every DerError and returns [], so no label inside it is ever shown; and parseCertificateDer already validated this AuthorityInfoAccess with the same structure (validateInfoAccess), so none is thrown.',
  'src/x509/ocsp.ts:269:26 StringLiteral ""': 'Equivalent: see 267:49 (ocspUrlsOf shows no label; the syntax was validated at parse time).',
  'src/x509/ocsp.ts:270:46 ConditionalExpression false':
    'Killed since: x509-ocsp-mut2.test.ts "takes only a uniformResourceIdentifier, not another name whose octets read as an http URL".',
  'src/x509/ocsp.ts:272:10 Regex /https?:\\/\\//i':
    'Killed since: x509-ocsp-mut2.test.ts "takes a URI only when it starts with the http(s) scheme".',
  'src/x509/ocsp.ts:280:45 StringLiteral ""': 'Equivalent: see 267:49 (ocspUrlsOf shows no label; the syntax was validated at parse time).',
  'src/x509/ocsp.ts:283:44 StringLiteral ""': 'Equivalent: see 267:49 (ocspUrlsOf shows no label; the syntax was validated at parse time).',
  'src/x509/ocsp.ts:290:12 ArrayDeclaration ["Stryker was here"]':
    'Equivalent: not reachable: parseCertificateDer refuses a certificate whose AuthorityInfoAccess does not parse as SEQUENCE OF AccessDescription { OID, GeneralName } (validateInfoAccess), which is all this reader reads, so the catch never runs.',

  // src/x509/crl.ts and src/x509/general-names.ts, run of 2026-11-24 (stryker.x509.config.mjs; 9 survivors,
  // each applied by hand against x509-crl-mut2.test.ts or read to the loop that guards it).
  'src/x509/crl.ts:104:39 StringLiteral ""':
    'Killed since: x509-crl-mut2.test.ts "the distribution point of an IDP is named" asserts the message.',
  'src/x509/crl.ts:174:99 StringLiteral ""':
    'Equivalent: r.any names nextUpdate only when it is missing, and it is read only after peek() saw a time tag there.',
  'src/x509/crl.ts:185:53 StringLiteral ""':
    'Equivalent: optionalNested enters only a SEQUENCE (constructed) and readExtensionList reads until the end, so neither the primitive nor the leftover refusal that would show this label can happen; its own refusals name the Extension.',
  'src/x509/crl.ts:199:34 StringLiteral ""':
    'Equivalent: the entries loop reads until the end of the SEQUENCE, so no refusal shows this label (each entry is named by its own).',
  'src/x509/crl.ts:203:77 StringLiteral ""': 'Killed since: x509-crl-mut2.test.ts "the CRL extensions is named" asserts the message.',
  'src/x509/general-names.ts:28:19 EqualityOperator i <= 8':
    "Equivalent: at i = 8 groups[8] is undefined, not '0', so the loop only steps to 9 and ends with the same best run.",
  'src/x509/general-names.ts:34:12 ConditionalExpression true':
    "Equivalent: groups has 8 entries; groups[8] is undefined, not '0', so the run stops at 8 either way.",
  'src/x509/general-names.ts:34:12 EqualityOperator j <= 8':
    "Equivalent: groups has 8 entries; groups[8] is undefined, not '0', so the run stops at 8 either way.",
  'src/x509/general-names.ts:93:61 StringLiteral ""':
    'Equivalent: r.any names the GeneralName only when it is missing, and the loop reads only while the list is not at its end.',
  // src/x509/ asn1, escape, pem, tlv, pss, digest: run of 2026-11-24 (stryker.x509.config.mjs; 44 survivors and
  // uncovered, each killed one applied by hand against x509-asn1-mut2.test.ts; tlv.ts and pss.ts 100 %).
  'src/x509/asn1.ts:16:17 StringLiteral ""': 'Killed since: x509-asn1-mut2.test.ts "is named DerError, as its message is printed".',
  'src/x509/asn1.ts:157:44 StringLiteral ""':
    'Equivalent: optional() calls any() only when the next tag matched, so an element is there and any() never says it is missing.',
  'src/x509/asn1.ts:221:7 ConditionalExpression true':
    'Equivalent for behaviour: the memo then never hits, so every OID is decoded (the same string); only the cost differs.',
  'src/x509/asn1.ts:221:7 ConditionalExpression false':
    'Killed since: x509-asn1-mut2.test.ts "an OID of another length that starts with the remembered one is read as itself" (same hash, the shorter one a prefix).',
  'src/x509/asn1.ts:221:7 EqualityOperator bytes.length === end - at':
    'Killed since: x509-asn1-mut2.test.ts "an OID of another length that starts with the remembered one is read as itself".',
  'src/x509/asn1.ts:221:24 ArithmeticOperator end + at':
    'Equivalent for behaviour: the content starts after its tag and length (at ≥ 2), so end + at is never the stored length and the memo never hits: every OID is decoded; only the cost differs.',
  'src/x509/asn1.ts:221:41 BooleanLiteral true':
    'Killed since: x509-asn1-mut2.test.ts "an OID of another length that starts with the remembered one is read as itself".',
  'src/x509/asn1.ts:222:19 EqualityOperator i <= bytes.length':
    'Equivalent for behaviour: one more comparison, of undefined with the octet after the OID, only makes a hit a miss (then decoded, the same string); only the cost differs.',
  'src/x509/asn1.ts:222:37 UpdateOperator i--':
    'Equivalent for behaviour: the second comparison is of bytes[-1] (undefined) with the length octet, so the memo never hits and every OID is decoded; only the cost differs.',
  'src/x509/asn1.ts:222:46 ConditionalExpression true':
    'Equivalent for behaviour: the memo then never hits, so every OID is decoded (the same string); only the cost differs.',
  'src/x509/asn1.ts:222:63 ArithmeticOperator at - i':
    'Killed since: x509-asn1-mut2.test.ts "an OID is compared with its own octets, not the ones before it" (1.2.2.37 would be read as 1.2.3.6).',
  'src/x509/asn1.ts:223:10 BooleanLiteral false':
    'Equivalent for behaviour: the memo then never hits, so every OID is decoded (the same string); only the cost differs.',
  'src/x509/asn1.ts:232:7 ConditionalExpression false':
    "Equivalent for behaviour: long OIDs are then remembered too and a hit is still checked octet by octet, so the string is the same; only the memo's memory differs (it is still cleared at 512 entries).",
  'src/x509/asn1.ts:232:7 EqualityOperator end - s >= OID_MEMO_MAX_OCTETS':
    'Equivalent for behaviour: an OID of exactly 32 octets is decoded instead of remembered: the same string; only the cost differs.',
  'src/x509/asn1.ts:232:7 EqualityOperator end - s <= OID_MEMO_MAX_OCTETS':
    'Equivalent for behaviour: short OIDs are decoded every time and long ones remembered (checked octet by octet): the same strings; only cost and memory differ.',
  'src/x509/asn1.ts:232:7 ArithmeticOperator end + s':
    'Equivalent for behaviour: a different choice of which OIDs are remembered; a hit is checked octet by octet, so the strings are the same.',
  'src/x509/asn1.ts:234:19 ConditionalExpression false':
    'Equivalent for behaviour: the hash is then the length alone, so OIDs of one length share an entry; a hit is checked octet by octet (a miss decodes), so the strings are the same; only the cost differs.',
  'src/x509/asn1.ts:234:19 EqualityOperator i <= end':
    'Equivalent for behaviour: the hash also takes the octet after the OID; a hit is checked octet by octet, so the strings are the same; only the hit rate differs.',
  'src/x509/asn1.ts:234:19 EqualityOperator i >= end':
    'Equivalent for behaviour: the loop never runs (s < end), so the hash is the length alone: see 234:19 false.',
  'src/x509/asn1.ts:234:41 ArithmeticOperator Math.imul(hash, 31) - buf[i]':
    'Equivalent for behaviour: another hash function; a hit is checked octet by octet, so the strings are the same.',
  'src/x509/asn1.ts:238:7 ConditionalExpression true':
    'Equivalent for behaviour: the memo is cleared before every new entry, so it holds one OID; the strings are the same, only the cost differs.',
  'src/x509/asn1.ts:238:7 ConditionalExpression false':
    'Killed since: test/x509-asn1-mut2.test.ts (readOid memo bound: never more than 512 entries).',
  'src/x509/asn1.ts:238:7 EqualityOperator oidMemo.size > OID_MEMO_ENTRIES':
    'Equivalent for behaviour: the memo is cleared at 513 entries instead of 512; the strings are the same.',
  'src/x509/asn1.ts:239:30 MethodExpression buf':
    "Equivalent for behaviour: the memo would hold the whole buffer, whose length is never the OID's (the tag and length precede it), so the memo never hits and every OID is decoded; only the cost differs (the refilled-buffer test passes either way).",
  'src/x509/asn1.ts:373:53 ConditionalExpression false':
    'Equivalent: with hours, minutes and seconds in range, a day the month does not have rolls Date.UTC into another month (day 00 back, 29-99 forward by at most three months), which the month check refuses.',
  'src/x509/asn1.ts:373:79 ConditionalExpression false':
    'Equivalent: an hour of 24-99 rolls Date.UTC into another day (or month), which the day and month checks refuse.',
  'src/x509/asn1.ts:373:92 ConditionalExpression false':
    'Killed since: x509-asn1-mut2.test.ts "refuses 20260101006000Z: minutes and seconds stop at 59" (00:60 would be read as 01:00).',
  'src/x509/asn1.ts:373:107 ConditionalExpression false':
    'Killed since: x509-asn1-mut2.test.ts "refuses 20260101000060Z: minutes and seconds stop at 59".',
  'src/x509/asn1.ts:377:7 ConditionalExpression true':
    'Equivalent: for a year of 100 or more Date.UTC already gave that year, so setting it again changes nothing.',
  'src/x509/asn1.ts:377:7 EqualityOperator year <= 100':
    'Equivalent: Date.UTC maps only 0-99 onto 1900-1999, so year 100 is already 100 and setting it changes nothing.',
  'src/x509/asn1.ts:396:19 EqualityOperator i <= a.length':
    'Equivalent: the lengths are equal here, so a[n] and b[n] are both undefined and compare equal.',
  'src/x509/digest.ts:13:49 StringLiteral ""':
    'Not reached: the createHash fallback is for Node 20 releases before 20.12, which have no crypto.hash; the engines field and CI run newer ones.',
  'src/x509/escape.ts:17:7 ConditionalExpression false':
    'Equivalent: printable ASCII (0x20-0x7e) then reaches the range tests, none of which includes it, so the answer is false either way; the early return is only the fast path.',
  'src/x509/escape.ts:17:7 EqualityOperator code > 0x20':
    'Equivalent: a space then reaches the range tests, none of which includes 0x20: false either way.',
  'src/x509/escape.ts:20:6 ConditionalExpression true':
    'Equivalent: codes 0x20-0x7e returned false above and codes up to 0x1f are caught by the first test, so the codes up to 0x9f that reach this test are 0x7f-0x9f already.',
  'src/x509/escape.ts:38:19 EqualityOperator i <= text.length':
    'Equivalent: charCodeAt past the end is NaN, which isUnsafeCharCode answers false for (every comparison with NaN is false).',
  'src/x509/escape.ts:38:45 ConditionalExpression true':
    'Equivalent for behaviour: the replace then runs on every non-empty text, and on a text without unsafe characters it returns the same string; only the cost differs.',
  'src/x509/pem.ts:25:10 ConditionalExpression true':
    'Equivalent: BASE64_CODES has 128 entries, so a code of 128 or more reads undefined, which is not 1.',
  'src/x509/pem.ts:25:10 EqualityOperator code <= 128': 'Equivalent: BASE64_CODES[128] is undefined, which is not 1.',
  'src/x509/pem.ts:60:22 EqualityOperator i <= text.length':
    'Equivalent: at the end charCodeAt is NaN, which is neither base64, = nor whitespace, and not a hyphen, so the loop returns { stop: text.length }, what it returns after the loop.',
  'src/x509/pem.ts:69:9 ConditionalExpression true':
    'Equivalent: the END line starts with a hyphen, so startsWith(endLine, i) already implies the character at i is one.',
  'src/x509/pem.ts:96:14 EqualityOperator i <= text.length':
    'Equivalent: at the end charCodeAt is NaN, which isPemSpace answers false for, so the skip stops at the end either way.',
  'src/x509/pem.ts:96:14 ConditionalExpression true':
    'Equivalent: at the end charCodeAt is NaN, which isPemSpace answers false for, so the skip stops at the end either way.',
  'src/x509/pem.ts:123:7 ConditionalExpression false':
    'Equivalent: empty bytes then reach the includes test, which finds no -----BEGIN in them: undefined either way.',
  // src/verify/live/, the first whole run of 2026-11-24 (stryker.live.config.mjs, 89.0 %).
  'src/verify/live/crl-source.ts:88:57 EqualityOperator crl.deltaBase !== undefined':
    "Equivalent: swaps the two labels of a slot key; a base CRL's and a delta's slots still differ, and nothing reads the label.",
  'src/verify/live/crl-source.ts:88:87 StringLiteral ""':
    'Equivalent: the base label becomes empty; it still differs from "delta", and nothing reads the label.',
  'src/verify/live/crl-source.ts:88:96 StringLiteral ""':
    'Equivalent: the delta label becomes empty; it still differs from "base", and nothing reads the label.',
  'src/verify/live/crl-source.ts:234:7 MethodExpression ders.some((der, i) => Buffer.compare(der, this.crls[i].der) === 0)':
    'Killed since: live-crl-source-mut.test.ts "a newer CRL for one of them is taken, though the other is the same bytes" (the file would count as unchanged and the ICA\'s new CRL would be ignored).',
  'src/verify/live/crl-source.ts:235:7 MethodExpression this.crls.some(c => this.context.vet(c) === undefined)':
    'Killed since: live-crl-source-mut.test.ts "the same bytes again, one of them now refused by the vetting: refused, not kept as unchanged".',
  'src/verify/live/crl-source.ts:267:54 MethodExpression next.some((c, i) => Buffer.compare(c.der, this.crls[i].der) === 0)':
    'Killed since: live-crl-source-mut.test.ts "a newer CRL for one of them is taken, though the other is the same bytes" (the new CRLs would be parsed and then not put in force).',
  // src/headers.ts as changed on 2026-11-24 (lines popped, the built view read from its slot,
  // a copied request's own view cleaned too); each applied by hand against the intake tests.
  'src/headers.ts:133:44 ConditionalExpression false':
    'Equivalent: with no pops, the cut that follows (raw.length = write) shortens the list to the same length.',
  'src/headers.ts:133:44 EqualityOperator extra <= 0':
    'Equivalent: the loop then never pops (extra starts above 0 whenever a line was taken), and the cut that follows shortens the list to the same length.',
  'src/headers.ts:134:11 ConditionalExpression true': 'Equivalent: setting length to the length the pops already left changes nothing.',
  'src/headers.ts:134:11 EqualityOperator raw.length >= write': 'Equivalent: when the lengths are equal, setting length changes nothing.',
  'src/headers.ts:138:13 ConditionalExpression true':
    "Equivalent: Node's distinct-view slot holds null or the built object; null taken as the view is then skipped by `if (distinct)`.",
  "src/headers.ts:138:13 LogicalOperator built !== null || typeof built === 'object'":
    "Equivalent: Node's distinct-view slot holds null or the built object; null taken as the view is then skipped by `if (distinct)`.",
  'src/headers.ts:138:31 ConditionalExpression true':
    "Equivalent: Node's distinct-view slot holds null or an object, never another kind of value.",
  'src/headers.ts:153:30 ConditionalExpression true':
    'Equivalent for behaviour: when the slot holds the same view as the request, it is walked a second time and nothing is left to remove.',
  'src/headers.ts:164:9 ConditionalExpression false':
    'Equivalent for behaviour: a name shorter than every field name is then looked up, and is not a field.',
  'src/headers.ts:167:17 ArrayDeclaration ["Stryker was here"]':
    'Equivalent: the extra name is not a property of the view; deleting it changes nothing.',
};

module.exports = { equivalents };
