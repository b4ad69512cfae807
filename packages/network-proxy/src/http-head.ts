/**
 * The head of an HTTP/1.x request as a proxy reads it (request line and header fields), and the
 * framing of its body (Content-Length or chunked), so that exactly one request goes upstream.
 */

export const MAX_HEAD_BYTES = 64 * 1024;

export type RequestHead = {
  method: string;
  target: string;
  version: string;
  headers: Array<[string, string]>;
};

export class BadRequest extends Error {
  override name = "BadRequest";
}

/** The end of the head (index after `\r\n\r\n`) in `buffer`, or -1. */
export function headEnd(buffer: Buffer): number {
  const at = buffer.indexOf("\r\n\r\n");
  return at < 0 ? -1 : at + 4;
}

export function parseRequestHead(text: string): RequestHead {
  const lines = text.split("\r\n");
  const requestLine = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(lines[0] ?? "");
  if (!requestLine) throw new BadRequest(`malformed request line ${JSON.stringify(lines[0] ?? "")}`);
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) throw new BadRequest("malformed header field");
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { method: requestLine[1]!, target: requestLine[2]!, version: requestLine[3]!, headers };
}

function header(head: RequestHead, name: string): string | undefined {
  const lower = name.toLowerCase();
  return head.headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** Splits `host:port` (IPv6 in brackets), with `defaultPort` when there is no port. */
export function splitHostPort(authority: string, defaultPort: number): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(authority);
  if (!match?.[1]) throw new BadRequest(`malformed authority ${JSON.stringify(authority)}`);
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new BadRequest(`bad port in ${authority}`);
  return { host: match[1], port };
}

/**
 * Counts the bytes of a request body as they pass, and says when it is complete: `length` bytes,
 * or the chunked encoding's last chunk and trailers.
 */
export class BodyFramer {
  private remaining: number;
  private readonly chunked: boolean;
  private state: "size" | "data" | "data-crlf" | "trailer" | "done" = "size";
  private line = "";

  constructor(head: RequestHead) {
    this.chunked = /\bchunked\b/i.test(header(head, "transfer-encoding") ?? "");
    const length = header(head, "content-length");
    if (!this.chunked && length !== undefined && !/^\d+$/.test(length))
      throw new BadRequest("bad content-length");
    this.remaining = this.chunked ? 0 : Number(length ?? 0);
    if (!this.chunked && this.remaining === 0) this.state = "done";
  }

  get done(): boolean {
    return this.state === "done";
  }

  /** How many bytes of `data` belong to the body (the rest is what the client sent after it). */
  take(data: Buffer): number {
    if (!this.chunked) {
      const used = Math.min(this.remaining, data.length);
      this.remaining -= used;
      if (this.remaining === 0) this.state = "done";
      return used;
    }
    let i = 0;
    while (i < data.length && this.state !== "done") {
      if (this.state === "data") {
        const used = Math.min(this.remaining, data.length - i);
        i += used;
        this.remaining -= used;
        if (this.remaining === 0) this.state = "data-crlf";
        continue;
      }
      const byte = data[i++]!;
      if (byte !== 0x0a) {
        this.line += String.fromCharCode(byte);
        if (this.line.length > 4096) throw new BadRequest("chunk line too long");
        continue;
      }
      const line = this.line.replace(/\r$/, "");
      this.line = "";
      if (this.state === "data-crlf") this.state = "size";
      else if (this.state === "size") {
        const size = Number.parseInt(line.split(";")[0] ?? "", 16);
        if (!Number.isFinite(size) || size < 0) throw new BadRequest("bad chunk size");
        this.remaining = size;
        this.state = size === 0 ? "trailer" : "data";
      } else if (this.state === "trailer" && line === "") this.state = "done";
    }
    return i;
  }
}
