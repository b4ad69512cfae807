/**
 * Host names as the policy sees them: normalised (trimmed, lower-case, brackets, a port and a
 * trailing dot removed) so that `Example.COM.:443` and `example.com` are one host, and IP addresses
 * classified as public or not (loopback, private, link-local, CGNAT, documentation and reserved
 * ranges are "local": a sandboxed command reaches them only when the user lists them by name).
 */

/** `node:net`, loaded on first use: importing it costs every start (docs/performance.md). */
const net = () => process.getBuiltinModule("node:net");

/** The host part of `input`, normalised for matching. Empty when there is none. */
export function normalizeHost(input: string): string {
  let host = input.trim();
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    if (end > 0) return normalizeName(host.slice(1, end));
  }
  // One colon: `host:port`. More: an unbracketed IPv6 literal, kept whole.
  if (host.split(":").length === 2) host = host.slice(0, host.indexOf(":"));
  return normalizeName(host);
}

function normalizeName(host: string): string {
  let name = host.toLowerCase();
  while (name.endsWith(".")) name = name.slice(0, -1);
  // A zone id may be written `%25` in URLs: keep one spelling.
  const zone = name.indexOf("%25");
  if (zone > 0 && net().isIP(name.slice(0, zone))) name = `${name.slice(0, zone)}%${name.slice(zone + 3)}`;
  return name;
}

/** The address of an IP literal without its zone id (`fe80::1%eth0` → `fe80::1`), or null. */
export function ipLiteral(host: string): string | null {
  const bare = host.includes("%") ? host.slice(0, host.indexOf("%")) : host;
  return net().isIP(bare) ? bare : null;
}

function ipv4Number(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inCidr(ip: number, base: string, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(ipv4Number(base) / size);
}

const NON_PUBLIC_V4: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
];

function isNonPublicV4(ip: string): boolean {
  const value = ipv4Number(ip);
  return NON_PUBLIC_V4.some(([base, prefix]) => inCidr(value, base, prefix));
}

/** The 8 groups of an IPv6 address (an embedded dotted IPv4 tail included). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4Number(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) =>
    part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = new Array(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function isNonPublicV6(ip: string): boolean {
  const g = ipv6Groups(ip);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embeddedV4 = () => `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return isNonPublicV4(embeddedV4()); // IPv4-mapped
    if (g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return true; // :: and ::1
    if (g5 === 0) return isNonPublicV4(embeddedV4()); // IPv4-compatible (deprecated)
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return isNonPublicV4(embeddedV4()); // NAT64
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  return false;
}

/** True for every address that is not globally routable (loopback, private, link-local, …). */
export function isNonPublicIp(ip: string): boolean {
  const version = net().isIP(ip);
  if (version === 4) return isNonPublicV4(ip);
  if (version === 6) return isNonPublicV6(ip);
  return true;
}

/** A host that names a non-public place by itself: `localhost` or a non-public IP literal. */
export function isLocalLiteral(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const ip = ipLiteral(host);
  return ip !== null && isNonPublicIp(ip);
}
