// What the mutation run of the small forwarding-format decoders (src/formats/apache, cloudflare,
// escaped, numbered, scan, traefik) found unpinned: the message of each refusal (it names the
// field, the member or the index a proxy operator must look at), Traefik's escapes read by both
// hex digits, and Traefik's value trimmed before it is split.
import { createHash } from 'node:crypto';
import { decodeApachePem } from '../src/formats/apache';
import { decodeCloudflareLegacy } from '../src/formats/cloudflare';
import { decodeEscapedPemField, decodeIngressNginx } from '../src/formats/escaped';
import { numberedFieldValues } from '../src/formats/numbered';
import { primaryCertificateLine, singleLine, strictBase64Bytes } from '../src/formats/scan';
import { decodeTraefik } from '../src/formats/traefik';
import { makeCert } from './helpers/pki';
import { codeReasonAndMessageOf as refusal } from './helpers/codes';

const a = makeCert({ subject: 'intake a' });
const b = makeCert({ subject: 'intake b' });
const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');
const sha = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

const malformed = (reason: string, message: string) => ({ code: 'ERR_CLIENT_CERT_MALFORMED', reason, message });

describe('scan.ts messages', () => {
  it('name the field and the rule', () => {
    expect(refusal(() => strictBase64Bytes('@@', { reason: 'r' }, 'the field'))).toEqual(
      malformed('r', 'the field is not standard padded base64'),
    );
    expect(refusal(() => singleLine(['x', 'y'], 'x-field'))).toEqual(malformed('field-repeated', 'x-field must appear exactly once'));
    expect(refusal(() => primaryCertificateLine(['(null)'], ['c'], 'x-field'))).toEqual(
      malformed('chain-without-certificate', 'x-field carries no certificate but its chain fields do'),
    );
  });
});

describe('numbered.ts messages', () => {
  const P = 'x-ssl-client-cert-chain-';
  const values = (entries: [string, string[]][]) => numberedFieldValues(new Map(entries), P);

  it.each<[string, [string, string[]][], string, string]>([
    ['a leading zero', [[`${P}01`, ['a']]], 'chain-field-index-invalid', "a chain field's index must be 0 to 99 without leading zeros"],
    ['a repeated field', [[`${P}0`, ['a', 'b']]], 'field-repeated', 'each numbered chain field must appear exactly once'],
    ['a gap', [[`${P}1`, ['a']]], 'chain-field-gap', 'the numbered chain fields skip an index'],
    [
      'an empty field before a certificate',
      [
        [`${P}0`, ['a']],
        [`${P}1`, ['(null)']],
        [`${P}2`, ['c']],
      ],
      'chain-field-gap',
      'chain field 1 is empty but a later one carries a certificate',
    ],
  ])('%s', (_name, entries, reason, message) => {
    expect(refusal(() => values(entries))).toEqual(malformed(reason, message));
  });
});

describe('apache.ts messages', () => {
  it('name the primary field or the chain field by its index', () => {
    expect(refusal(() => decodeApachePem([a.pem + b.pem], [], 'x-ssl-client-cert'))).toEqual(
      malformed('apache-pem-multiple-certificates', 'x-ssl-client-cert must hold exactly one certificate'),
    );
    expect(refusal(() => decodeApachePem([a.pem], [b.pem, a.pem + b.pem], 'x-ssl-client-cert'))).toEqual(
      malformed('apache-pem-multiple-certificates', 'x-ssl-client-cert chain field 1 must hold exactly one certificate'),
    );
  });
});

describe('escaped.ts', () => {
  it('messages name the field, the chain field and its index', () => {
    expect(refusal(() => decodeEscapedPemField([encodeURIComponent(a.pem)], [encodeURIComponent(b.pem), '%zz'], 'x-h'))).toEqual(
      malformed('percent-encoding-invalid', 'x-h chain field 1 has an invalid %-escape'),
    );
    expect(
      refusal(() =>
        decodeEscapedPemField([encodeURIComponent(a.pem)], [encodeURIComponent(b.pem), encodeURIComponent(a.pem + b.pem)], 'x-h'),
      ),
    ).toEqual(malformed('chain-field-multiple-certificates', 'x-h chain field 1 holds more than one certificate'));
    expect(refusal(() => decodeIngressNginx([encodeURIComponent(a.pem + b.pem)], 'ssl-client-cert'))).toEqual(
      malformed(
        'ingress-nginx-multiple-certificates',
        'ssl-client-cert holds more than one certificate; ingress-nginx forwards the leaf only',
      ),
    );
  });
});

describe('cloudflare.ts messages', () => {
  const H = 'cf-client-cert-der-base64';
  it.each<[string, string[], string[], string, string]>([
    ['no certificate', [], [sha(a.der)], 'cloudflare-certificate-missing', `cf-client-cert-sha256 was sent without ${H}`],
    ['no hash', [b64(a.der)], [], 'cloudflare-hash-missing', `${H} was sent without cf-client-cert-sha256`],
    [
      'a hash that is not hex',
      [b64(a.der)],
      ['z'.repeat(64)],
      'cloudflare-hash-invalid',
      'cf-client-cert-sha256 is not 64 hexadecimal digits',
    ],
    [
      'another certificate’s hash',
      [b64(a.der)],
      [sha(b.der)],
      'cloudflare-hash-mismatch',
      'cf-client-cert-sha256 is not the SHA-256 of the forwarded certificate',
    ],
  ])('%s', (_name, certLines, hashLines, reason, message) => {
    expect(refusal(() => decodeCloudflareLegacy(certLines, hashLines, H))).toEqual(malformed(reason, message));
  });
});

describe('traefik.ts', () => {
  const v2 = (der: Uint8Array): string => b64(der).replace(/\+/g, '%2B').replace(/\//g, '%2F').replace(/=/g, '%3D');

  it('the value is trimmed before it is split', () => {
    const got = decodeTraefik([`  ${v2(a.der)},${v2(b.der)} \t`], 'h');
    expect(got && [b64(got.leafDer), got.chainDers.map(b64)]).toEqual([b64(a.der), [b64(b.der)]]);
  });

  // Each escape is read by both of its hex digits: %3B is not %2B, %2D is not %3D.
  it.each(['%3B', '%3b', '%3F', '%3f', '%2D', '%2d', '%3A', '%4B'])('%s is an escape Traefik never writes', (escape) => {
    expect(refusal(() => decodeTraefik([`${v2(a.der).slice(0, 8)}${escape}${v2(a.der).slice(8)}`], 'x-t'))).toEqual(
      malformed('traefik-escape-invalid', 'x-t has a %-escape Traefik never writes for base64'),
    );
  });

  it('messages name the member by its position, from 1', () => {
    expect(refusal(() => decodeTraefik([`${v2(a.der)},${v2(b.der).slice(1)}`], 'x-t'))).toEqual(
      malformed('traefik-base64', 'x-t certificate 2 is not standard padded base64'),
    );
    expect(refusal(() => decodeTraefik([`${v2(a.der).slice(1)}`], 'x-t'))).toEqual(
      malformed('traefik-base64', 'x-t certificate 1 is not standard padded base64'),
    );
    expect(refusal(() => decodeTraefik([`${v2(a.der)},,${v2(b.der)}`], 'x-t'))).toEqual(
      malformed('traefik-member-empty', 'x-t has an empty certificate between commas'),
    );
  });
});
