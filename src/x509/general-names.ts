/** GeneralName (RFC 5280 §4.2.1.6): the name forms of SANs, name constraints and CRL scopes. */
import type { DerReader } from './asn1.js';
import { type DerNode, DerError, Tag, contentOf, latin1, readAll, toHex, within } from './asn1.js';
import { type DistinguishedName, parseName } from './names.js';

/** A GeneralName with its decoded value where the verifier or the identity needs it. */
export type GeneralName =
  | { readonly type: 'dns' | 'email' | 'uri'; readonly value: string }
  | { readonly type: 'ip'; readonly value: string; readonly bytes: Uint8Array }
  | { readonly type: 'dn'; readonly value: DistinguishedName }
  | { readonly type: 'other'; readonly tag: number; readonly der: string };

const ipv6Group = (b: Uint8Array, i: number): string => ((b[i] << 8) | b[i + 1]).toString(16);

/** Text form of an iPAddress (4 or 16 bytes; address and mask, as in name constraints, in hex). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return toHex(bytes);
  // RFC 5952 §5: an IPv4-mapped address is written with its IPv4 part dotted.
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(ipv6Group(bytes, i));
  // RFC 5952: compress the longest run of two or more zero groups.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/**
 * Where a GeneralName appears: a name (SANs, CRL scopes, access locations) holds an address of 4
 * or 16 bytes; a name-constraint base an address and its mask, 8 or 32 (RFC 5280 §4.2.1.10).
 */
export type GeneralNameRole = 'name' | 'constraint';

/** Parses one GeneralName element (the context-tagged choice). */
export function parseGeneralName(buf: Uint8Array, node: DerNode, role: GeneralNameRole = 'name'): GeneralName {
  if ((node.tag & 0xc0) !== 0x80) throw new DerError('GeneralName must be context-tagged');
  const number = node.tag & 0x1f;
  const bytes = contentOf(buf, node);
  switch (number) {
    case 1:
    case 2:
    case 6: {
      if (node.tag & 0x20) throw new DerError('IA5String GeneralName must be primitive');
      for (const b of bytes) {
        if (b > 0x7f) throw new DerError('non-ASCII byte in an IA5String GeneralName');
        // A NUL or line break in a name is never legitimate and cuts or forges it in C code and logs.
        if (b < 0x20 || b === 0x7f) throw new DerError('control character in an email, DNS or URI name', 'general-name-control-character');
      }
      return { type: number === 1 ? 'email' : number === 2 ? 'dns' : 'uri', value: latin1(bytes) };
    }
    case 7:
      if (node.tag & 0x20) throw new DerError('iPAddress must be primitive');
      if (role === 'name' ? bytes.length !== 4 && bytes.length !== 16 : bytes.length !== 8 && bytes.length !== 32) {
        throw new DerError(
          role === 'name' ? 'iPAddress must be 4 or 16 bytes' : 'iPAddress name constraint must be 8 or 32 bytes (address and mask)',
          'general-name-ip-length',
        );
      }
      return { type: 'ip', value: formatIp(bytes), bytes };
    case 4:
      if (!(node.tag & 0x20)) throw new DerError('directoryName must be constructed');
      // [4] EXPLICIT Name: exactly one Name inside.
      return { type: 'dn', value: within(buf, node, 'directoryName', readDirectoryName) };
    default:
      return { type: 'other', tag: node.tag, der: toHex(buf.subarray(node.start, node.end)) };
  }
}

function readDirectoryName(r: DerReader): DistinguishedName {
  return parseName(r.buf, r.next(Tag.SEQUENCE, 'directoryName'));
}

/** Reads the rest of `r` as GeneralNames (SEQUENCE OF GeneralName, at least one), whatever tag encloses them. */
export function readGeneralNames(r: DerReader): GeneralName[] {
  const names: GeneralName[] = [];
  while (!r.atEnd) names.push(parseGeneralName(r.buf, r.any('GeneralName')));
  if (names.length === 0) throw new DerError('empty GeneralNames');
  return names;
}

/** Decodes an extension value that is exactly one GeneralNames (subjectAltName, certificateIssuer). */
export function decodeGeneralNames(value: Uint8Array, what: string): GeneralName[] {
  return readAll(value, Tag.SEQUENCE, what, readGeneralNames);
}
