// The verification core on its own (DESIGN.md §1): settings as plain data and `nowMs` in, a
// verified path or a Refusal with a reason out; no codes, no statuses. The edge maps each reason
// to a code in one place (src/reasons.ts), and asClientCertError applies that mapping.
import { parseCertificateDer } from '../src/x509/certificate';
import { compilePathVerifier } from '../src/verify/index';
import { Refusal, VERIFY_REASONS, type VerifyReason } from '../src/verify/refusal';
import { refusalRank } from '../src/verify/rank';
import type { VerifySettings } from '../src/verify/settings';
import { REASON_CODE, refusalCode } from '../src/reasons';
import { CLIENT_CERT_ERROR_STATUS, ClientCertError, asClientCertError } from '../src/errors';
import { DAY, NOW, makeCert, makePki } from './helpers/pki';
import { coreSettings } from './helpers/core-settings';
import { refusalOf } from './helpers/refusal';

const pki = makePki('Core');
const parse = (der: Uint8Array) => parseCertificateDer(der);

const settings = (over: Partial<VerifySettings> = {}): VerifySettings => coreSettings([parse(pki.root.der)], over);

describe('the core alone', () => {
  const verify = compilePathVerifier(settings());
  const leaf = parse(pki.leaf.der);
  const chain = [parse(pki.intermediate.der)];

  it('verifies a path at the nowMs it is given', () => {
    const result = verify(leaf, chain, NOW.getTime());
    expect(result.path.map((c) => c.fingerprint256)).toEqual([pki.leaf, pki.intermediate, pki.root].map((c) => c.fingerprint256));
  });

  it('refuses with a reason and a message, never a code or a status', () => {
    const refusal = refusalOf(() => verify(leaf, chain, NOW.getTime() + 3650 * DAY));
    expect(refusal).toMatchObject({ reason: 'validity-expired', scope: 'path' });
    expect(refusal.message).toContain('expired');
    expect(refusal).not.toBeInstanceOf(ClientCertError);
    expect(Object.keys(refusal)).not.toContain('code');
  });

  it('refuses an invalid decision time before any work', () => {
    expect(refusalOf(() => verify(leaf, chain, Number.NaN)).reason).toBe('clock-invalid');
  });

  it('names the issuer it could not find', () => {
    expect(refusalOf(() => verify(leaf, [], NOW.getTime())).reason).toBe('issuer-unknown');
  });

  it('gives the leaf unfit for its purpose the scope `purpose`, whatever rule said so', () => {
    const serverOnly = makeCert({ subject: { CN: 'server only' }, issuer: pki.intermediate, eku: ['1.3.6.1.5.5.7.3.1'] });
    const strict = compilePathVerifier(settings({ requiredEku: ['1.3.6.1.5.5.7.3.2'] }));
    expect(refusalOf(() => strict(parse(serverOnly.der), chain, NOW.getTime()))).toMatchObject({
      reason: 'eku-not-allowed',
      scope: 'purpose',
    });
  });
});

describe('the mapping at the edge', () => {
  it('has a code for every reason of the core, and no other key', () => {
    expect(Object.keys(REASON_CODE).sort()).toEqual([...VERIFY_REASONS].sort());
    for (const code of Object.values(REASON_CODE)) expect(CLIENT_CERT_ERROR_STATUS[code]).toBeDefined();
  });

  it.each<[VerifyReason, Refusal['scope'], string]>([
    ['validity-expired', 'path', 'ERR_CLIENT_CERT_EXPIRED'],
    ['revoked', 'path', 'ERR_CLIENT_CERT_REVOKED'],
    ['fingerprint-not-allowed', 'path', 'ERR_CLIENT_CERT_NOT_ALLOWED'],
    // A refused key: CHAIN_INVALID on a CA, USAGE on the leaf, UNTRUSTED when a link could not be checked with it.
    ['rsa-key-too-small', 'path', 'ERR_CLIENT_CERT_CHAIN_INVALID'],
    ['rsa-key-too-small', 'purpose', 'ERR_CLIENT_CERT_USAGE'],
    ['public-key-malformed', 'link', 'ERR_CLIENT_CERT_UNTRUSTED'],
    ['public-key-malformed', 'path', 'ERR_CLIENT_CERT_CHAIN_INVALID'],
  ])('%s in scope %s is %s', (reason, scope, code) => {
    expect(refusalCode(new Refusal(reason, 'm', scope))).toBe(code);
  });

  it('turns a refusal into a ClientCertError with its reason, message, code and status', () => {
    const error = asClientCertError(new Refusal('path-len-exceeded', 'Certificate CN=x is refused: \u0007bell'));
    expect(error).toBeInstanceOf(ClientCertError);
    expect(error).toMatchObject({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', status: 401, reason: 'path-len-exceeded' });
    expect(error.message).toBe('Certificate CN=x is refused: \\07bell');
  });
});

describe('ranking without codes', () => {
  it('ranks the leaf unfit for its purpose above a profile rule, and an unproven link last', () => {
    const purpose = refusalRank(new Refusal('rsa-key-too-small', 'm', 'purpose'));
    const rule = refusalRank(new Refusal('rsa-key-too-small', 'm', 'path'));
    const link = refusalRank(new Refusal('public-key-malformed', 'm', 'link'));
    expect(purpose).toBeGreaterThan(rule);
    expect(rule).toBeGreaterThan(link);
    expect(refusalRank(new Refusal('signature-invalid', 'm', 'link'))).toBeGreaterThan(purpose);
  });
});
