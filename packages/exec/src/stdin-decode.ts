/**
 * Turns the bytes piped into `codex exec` into text, as Codex 0.169 does: a UTF-8 byte-order mark
 * is dropped, UTF-16 with a byte-order mark is decoded, UTF-32 and invalid UTF-8 are refused with a
 * message that says how to convert (never silently replaced with U+FFFD, which would hand the
 * model corrupted text).
 */

export class StdinDecodeError extends Error {
  override name = "StdinDecodeError";
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** Decodes stdin's bytes; throws StdinDecodeError with the reason and what to do. */
export function decodeStdinBytes(input: Uint8Array): string {
  const bytes = startsWith(input, UTF8_BOM) ? input.subarray(UTF8_BOM.length) : input;
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) throw unsupported("UTF-32LE");
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) throw unsupported("UTF-32BE");
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes.subarray(2), "utf-16le");
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes.subarray(2), "utf-16be");
  const invalidAt = firstInvalidUtf8Offset(bytes);
  if (invalidAt !== null)
    throw new StdinDecodeError(
      `input is not valid UTF-8 (invalid byte at offset ${invalidAt}). Convert it to UTF-8 and retry (e.g., \`iconv -f <ENC> -t UTF-8 prompt.txt\`).`,
    );
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

function unsupported(encoding: string): StdinDecodeError {
  return new StdinDecodeError(`input appears to be ${encoding}. Convert it to UTF-8 and retry.`);
}

function decodeUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): string {
  const name = encoding.toUpperCase();
  if (bytes.byteLength % 2 !== 0) throw utf16Error(name);
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw utf16Error(name);
  }
}

function utf16Error(name: string): StdinDecodeError {
  return new StdinDecodeError(
    `input looked like ${name} but could not be decoded. Convert it to UTF-8 and retry.`,
  );
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or null when all is valid. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
    if (length === 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return null;
}
