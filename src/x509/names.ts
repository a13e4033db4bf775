/**
 * X.501 distinguished names: decoding, RFC 4514 strings, and the comparison RFC 5280 §7.1
 * uses for chaining (case-insensitive, whitespace-folded for string attributes).
 */
import { type DerNode, DerError, DerReader, Tag, contentOf, encodingOf, latin1, readOid, readRoot, toHex } from './asn1.js';
import { encodeTlv } from './tlv.js';
import { hexEscape, isUnsafeCharCode } from './escape.js';

/** One attribute of a relative distinguished name. */
export interface NameAttribute {
  /** Dotted OID of the attribute type. */
  readonly oid: string;
  /** The decoded string, or undefined when the value is not a directory string. */
  readonly text: string | undefined;
  /** DER of the value (for RFC 4514 `#hex` form and exact comparison). */
  readonly valueDer: Uint8Array;
}

/** A parsed Name: its RDNs in DER order (most general first) and its raw encoding. */
export interface DistinguishedName {
  readonly rdns: readonly (readonly NameAttribute[])[];
  /** The whole DER of the Name. */
  readonly der: Uint8Array;
  /** Comparison key: equal keys mean equal names under RFC 5280 §7.1 matching. */
  readonly key: string;
  /** The comparison key of each RDN, in DER order (for subtree prefix matching). */
  readonly rdnKeys: readonly string[];
}

/** RFC 4514 §3 short names, plus the common ones people expect to key attributes by. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** Names for attributes that RFC 4514 prints as OIDs but users want to look up by name. */
const EXTRA_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function decodeUtf16Be(bytes: Uint8Array): string {
  if (bytes.length % 2) throw new DerError('BMPString has an odd length');
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
  return s;
}

function decodeUtf32Be(bytes: Uint8Array): string {
  if (bytes.length % 4) throw new DerError('UniversalString length is not a multiple of 4');
  let s = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const cp = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    if (cp > 0x10ffff) throw new DerError('bad UniversalString code point');
    s += String.fromCodePoint(cp);
  }
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a directory string of any of the ASN.1 string types certificates use. */
export function decodeDirectoryString(buf: Uint8Array, node: DerNode): string | undefined {
  const bytes = contentOf(buf, node);
  switch (node.tag) {
    case Tag.UTF8_STRING:
      try {
        return utf8.decode(bytes);
      } catch {
        throw new DerError('invalid UTF-8 in a UTF8String');
      }
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
    case Tag.NUMERIC_STRING:
    case Tag.VISIBLE_STRING:
    case Tag.TELETEX_STRING:
      return latin1(bytes);
    case Tag.BMP_STRING:
      return decodeUtf16Be(bytes);
    case Tag.UNIVERSAL_STRING:
      return decodeUtf32Be(bytes);
    default:
      return undefined;
  }
}

// Separators of the comparison key (NUL, SOH, STX) are escaped out of values.
// eslint-disable-next-line no-control-regex
const FOLD_NEEDED = /[A-Z\s\0\u0001\u0002]|[^\0-\u007f]/;
// eslint-disable-next-line no-control-regex
const KEY_SEPARATORS = /[\u0000-\u0002]/g;
// eslint-disable-next-line no-control-regex
const SPACE_OR_SEPARATOR = /[\s\0\u0001\u0002]/;

/** RFC 4518-style folding, simplified: trim, collapse inner spaces, lowercase (NUL-free). */
function foldForComparison(text: string): string {
  // Most names are already lowercase-free of runs of spaces; skip the work for them.
  if (!FOLD_NEEDED.test(text)) return text;
  // Without white space or separators only the case changes (a cold-path cost: one regex, not three).
  if (!SPACE_OR_SEPARATOR.test(text)) return text.toLowerCase();
  return text
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(KEY_SEPARATORS, (c) => `\\${c.charCodeAt(0)}`);
}

/** One AttributeTypeAndValue: its type and its value, whatever string type it is. */
function readAttribute(r: DerReader): NameAttribute {
  const oid = readOid(r.buf, r.next(Tag.OID, 'attribute type'));
  const value = r.any('attribute value');
  return { oid, text: decodeDirectoryString(r.buf, value), valueDer: encodingOf(r.buf, value) };
}

/** One RDN (SET OF AttributeTypeAndValue, at least one). */
function readRdn(r: DerReader): NameAttribute[] {
  const attrs: NameAttribute[] = [];
  while (!r.atEnd) attrs.push(r.nested(Tag.SEQUENCE, 'AttributeTypeAndValue', readAttribute));
  if (attrs.length === 0) throw new DerError('empty RDN');
  return attrs;
}

/** Parses a Name (SEQUENCE OF SET OF AttributeTypeAndValue). */
export function parseName(buf: Uint8Array, node: DerNode): DistinguishedName {
  if (node.tag !== Tag.SEQUENCE) throw new DerError('Name must be a SEQUENCE');
  const rdns: NameAttribute[][] = [];
  const keyParts: string[] = [];
  const r = new DerReader(buf, node.contentStart, node.end);
  while (!r.atEnd) {
    const attrs = r.nested(Tag.SET, 'RDN', readRdn);
    rdns.push(attrs);
    // Multi-valued RDNs compare as sets, so their key is order-independent. NUL cannot occur in
    // a folded directory string's key part, so it separates values unambiguously.
    const parts = attrs.map((a) => `${a.oid}\u0000${a.text !== undefined ? `=${foldForComparison(a.text)}` : `#${toHex(a.valueDer)}`}`);
    keyParts.push(parts.length === 1 ? parts[0] : parts.sort().join('\u0001'));
  }
  return { rdns, der: encodingOf(buf, node), key: keyParts.join('\u0002'), rdnKeys: keyParts };
}

/** Parses the DER of a whole Name (nothing before or after it). */
export function parseNameDer(der: Uint8Array): DistinguishedName {
  return parseName(der, readRoot(der, Tag.SEQUENCE, 'Name'));
}

/**
 * `name` with one more RDN appended: a distribution point's nameRelativeToCRLIssuer (RFC 5280
 * §4.2.1.13), whose DER is the RDN's SET OF content under an [1] IMPLICIT tag.
 */
export function appendRdn(name: DistinguishedName, relativeName: Uint8Array): DistinguishedName {
  const rdn = readRoot(relativeName, relativeName[0], 'nameRelativeToCRLIssuer');
  const outer = readRoot(name.der, Tag.SEQUENCE, 'Name');
  return parseNameDer(encodeTlv(Tag.SEQUENCE, contentOf(name.der, outer), encodeTlv(Tag.SET, contentOf(relativeName, rdn))));
}

/** The short name RFC 4514 prints for an attribute, or its dotted OID. */
export function rfc4514Type(oid: string): string {
  return SHORT_NAMES[oid] ?? oid;
}

/** The key an attribute is listed under in `subjectAttributes`. */
export function attributeKey(oid: string): string {
  return SHORT_NAMES[oid] ?? EXTRA_NAMES[oid] ?? oid;
}

function escapeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    // RFC 4514 §2.4 allows any character as a hex pair: control characters become `\0a`, so no
    // certificate can put a line break or a terminal escape into a subject string or a log line.
    if (isUnsafeCharCode(value.charCodeAt(i))) out += hexEscape(c);
    else if ('"+,;<>\\'.includes(c)) out += `\\${c}`;
    else if ((i === 0 && (c === ' ' || c === '#')) || (i === value.length - 1 && c === ' ')) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** The RFC 4514 string of a name: most specific RDN first, `,` between RDNs, `+` within. */
export function formatRfc4514(name: DistinguishedName): string {
  const out: string[] = [];
  for (let i = name.rdns.length - 1; i >= 0; i--) {
    out.push(
      name.rdns[i]
        .map((a) => {
          const type = rfc4514Type(a.oid);
          // RFC 4514 §2.4: values of types without a short name, or that are not strings, go as #hex.
          const value = a.text !== undefined && type !== a.oid ? escapeValue(a.text) : `#${toHex(a.valueDer)}`;
          return `${type}=${value}`;
        })
        .join('+'),
    );
  }
  return out.join(',');
}

/**
 * A name's string values by `subjectAttributes` key (in DER order), and how often each key occurs,
 * string-valued or not: one pass over the attributes.
 */
export function nameParts(name: DistinguishedName): { attributes: Record<string, string[]>; counts: Record<string, number> } {
  const attributes: Record<string, string[]> = {};
  const counts: Record<string, number> = {};
  for (const rdn of name.rdns) {
    for (const a of rdn) {
      const key = attributeKey(a.oid);
      counts[key] = (counts[key] ?? 0) + 1;
      if (a.text === undefined) continue;
      // A one-element literal is sized to its contents; a list grown by push keeps room for 16 more.
      const list = attributes[key];
      if (list === undefined) attributes[key] = [a.text];
      else list.push(a.text);
    }
  }
  return { attributes, counts };
}

/** Long names (RFC 4519 and common spellings) accepted for each key of `subjectAttributes`. */
const LONG_NAMES: Readonly<Record<string, readonly string[]>> = {
  CN: ['commonName'],
  L: ['localityName', 'locality'],
  ST: ['stateOrProvinceName', 'S'],
  O: ['organizationName', 'organization'],
  OU: ['organizationalUnitName', 'organizationalUnit'],
  C: ['countryName', 'country'],
  STREET: ['streetAddress'],
  DC: ['domainComponent'],
  UID: ['userId'],
  SN: ['surname'],
  serialNumber: [],
  title: [],
  GN: ['givenName'],
  initials: [],
  generationQualifier: [],
  dnQualifier: [],
  pseudonym: [],
  organizationIdentifier: [],
  emailAddress: ['email', 'E'],
};

const BY_LOWERCASE_NAME = new Map<string, string>();
for (const [key, longNames] of Object.entries(LONG_NAMES)) {
  for (const n of [key, ...longNames]) BY_LOWERCASE_NAME.set(n.toLowerCase(), key);
}

/** Every attribute name guards accept, as `KEY (alias, …)`, for error messages and docs. */
export const SUPPORTED_ATTRIBUTE_NAMES: readonly string[] = Object.entries(LONG_NAMES).map(([key, longNames]) =>
  longNames.length ? `${key} (${longNames.join(', ')})` : key,
);

/**
 * The `subjectAttributes` key an attribute name means: a short name, a long name (any case), or a
 * dotted OID; undefined for a name this library does not know.
 */
export function resolveAttributeName(name: string): string | undefined {
  if (/^\d+(?:\.\d+)+$/.test(name)) return attributeKey(name);
  return BY_LOWERCASE_NAME.get(name.toLowerCase());
}
