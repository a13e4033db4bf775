/**
 * Log-safe text. Certificates are made by whoever holds a CA's ear, so their strings may carry
 * line breaks and terminal escapes; anything this library hands to a log (identity strings, error
 * messages, audit events) goes through here and can never start a new log line.
 */

/**
 * C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional
 * overrides and isolates (which reorder what a terminal or viewer shows).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** True for a UTF-16 code unit `escapeControlCharacters` rewrites (all of them are single units). */
export function isUnsafeCharCode(code: number): boolean {
  // Printable ASCII first: nearly every character of a name, a path or a message.
  if (code >= 0x20 && code < 0x7f) return false;
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** RFC 4514 §2.4 hex escape of one character: a backslash and two hex digits per UTF-8 byte. */
export function hexEscape(c: string): string {
  let out = '';
  for (const byte of Buffer.from(c, 'utf8')) out += `\\${byte.toString(16).padStart(2, '0')}`;
  return out;
}

/** `text` with every control, separator and bidi-override character written as `\xx` UTF-8 hex escapes (LF → `\0a`). */
export function escapeControlCharacters(text: string): string {
  // A plain loop, not a regex test: this runs on every audit event and is several times cheaper.
  for (let i = 0; i < text.length; i++) if (isUnsafeCharCode(text.charCodeAt(i))) return text.replace(UNSAFE_ALL, hexEscape);
  return text;
}
