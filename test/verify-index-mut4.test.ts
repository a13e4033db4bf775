// What the mutation run of src/verify/index.ts found unpinned: the message of a refused pin, the
// policies of a path made by pinning alone, and that a forwarded chain is added to a copy of the
// configured intermediates rather than replacing them.
import { compilePathVerifier } from '../src/verify/index';
import { refusalOf } from './helpers/refusal';
import { parseCertificateDer } from '../src/x509/certificate';
import { coreSettings } from './helpers/core-settings';
import { NOW, makeCert } from './helpers/pki';

const root = makeCert({ subject: { O: 'IndexMut4', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'IndexMut4', CN: 'ICA' }, issuer: root, ca: true });
const leaf = makeCert({ subject: { O: 'IndexMut4', CN: 'alice' }, issuer: ica });
const stranger = makeCert({ subject: { O: 'IndexMut4', CN: 'Unrelated CA' }, issuer: root, ca: true });
const parsed = (c: { der: Uint8Array }) => parseCertificateDer(c.der);

describe('verifyPath (src/verify/index.ts)', () => {
  it('names the refused certificate when its fingerprint is not pinned', () => {
    const verifyPath = compilePathVerifier(coreSettings([parsed(root)], { allowedFingerprints: new Set(['00'.repeat(32)]) }));
    const refusal = refusalOf(() => verifyPath(parsed(leaf), [parsed(ica)], NOW.getTime()));
    expect(refusal.reason).toBe('fingerprint-not-allowed');
    expect(refusal.message).toBe('Certificate CN=alice,O=IndexMut4 is not in allowedFingerprints');
  });

  it('gives a path made by pinning alone no certificate policies', () => {
    const pinned = parsed(leaf);
    const verifyPath = compilePathVerifier(coreSettings([], { allowedFingerprints: new Set([pinned.fingerprint256]) }));
    expect(verifyPath(pinned, [], NOW.getTime())).toEqual({ path: [pinned], policies: [] });
  });

  it('keeps the configured intermediates when a chain is forwarded', () => {
    // The leaf's issuer is configured; the chain forwards only an unrelated CA under the same root.
    const verifyPath = compilePathVerifier(coreSettings([parsed(root)], { intermediates: [parsed(ica)] }));
    const result = verifyPath(parsed(leaf), [parsed(stranger)], NOW.getTime());
    expect(result.path.map((c) => c.subjectString)).toEqual(['CN=alice,O=IndexMut4', 'CN=ICA,O=IndexMut4', 'CN=Root,O=IndexMut4']);
  });
});
