/**
 * `fs.readFileSync(path)` returns a Buffer of PEM text, the most common way to load a CA: bytes
 * that are PEM text are read as PEM, wherever PEM strings are accepted.
 */

/**
 * The bytes as a PEM string when they are PEM text, or undefined when they are DER. A DER
 * certificate or CRL starts with a SEQUENCE tag (0x30); PEM text holds a `-----BEGIN` line.
 */
export function pemTextOf(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes[0] === 0x30) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.includes('-----BEGIN') ? buffer.toString('latin1') : undefined;
}
