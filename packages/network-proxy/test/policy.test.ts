import { describe, expect, test } from "bun:test";
import { DomainPatternError, isNonPublicIp, NetworkPolicy, normalizeHost } from "../src/index.ts";

function policy(
  domains: Record<string, "allow" | "deny">,
  extra: Partial<ConstructorParameters<typeof NetworkPolicy>[0]> = {},
) {
  return new NetworkPolicy(
    { mode: "full", domains, allowLocalBinding: false, ...extra },
    {
      resolver: async (host) =>
        host === "rebind.example.com" ? ["93.184.216.34", "10.0.0.7"] : ["93.184.216.34"],
    },
  );
}

describe("host names", () => {
  test("are matched lower-case, without port, brackets or trailing dot", () => {
    expect(normalizeHost(" Example.COM.:443 ")).toBe("example.com");
    expect(normalizeHost("[::1]:8080")).toBe("::1");
    expect(normalizeHost("fe80::1%25eth0")).toBe("fe80::1%eth0");
    expect(policy({ "EXAMPLE.com.": "allow" }).check("example.COM:80").type).toBe("allow");
  });

  test("private, loopback, link-local and reserved addresses are not public", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "64:ff9b::10.0.0.1",
    ])
      expect(isNonPublicIp(ip)).toBe(true);
    for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
      expect(isNonPublicIp(ip)).toBe(false);
  });
});

describe("patterns", () => {
  test("*.x matches subdomains only, **.x the apex too", () => {
    const sub = policy({ "*.example.com": "allow" });
    expect(sub.check("a.example.com").type).toBe("allow");
    expect(sub.check("a.b.example.com").type).toBe("allow");
    expect(sub.check("example.com").type).toBe("block");
    expect(sub.check("badexample.com").type).toBe("block");
    const apex = policy({ "**.example.com": "allow" });
    expect(apex.check("example.com").type).toBe("allow");
    expect(apex.check("a.example.com").type).toBe("allow");
    expect(apex.check("example.com.evil.net").type).toBe("block");
  });

  test("a glob inside a name is anchored", () => {
    const p = policy({ "region*.v2.example.com": "allow" });
    expect(p.check("region1.v2.example.com").type).toBe("allow");
    expect(p.check("xregion1.v2.example.com").type).toBe("block");
  });

  test("deny wins over allow and names its rule", () => {
    const p = policy({ "**.example.com": "allow", "bad.example.com": "deny" });
    expect(p.check("bad.example.com")).toEqual({
      type: "block",
      host: "bad.example.com",
      reason: "denied",
      rule: "bad.example.com",
    });
    expect(p.check("good.example.com").type).toBe("allow");
  });

  test("an unlisted host is not allowed; an empty list allows nothing", () => {
    expect(policy({ "example.com": "allow" }).check("example.org")).toMatchObject({ reason: "not_allowed" });
    expect(policy({}).check("example.org")).toMatchObject({ reason: "not_allowed" });
  });

  test("* alone allows every public host but cannot be denied", () => {
    expect(policy({ "*": "allow" }).check("anything.org").type).toBe("allow");
    expect(() => policy({ "*": "deny" })).toThrow(DomainPatternError);
  });

  test("presets add their registries", () => {
    const p = policy({}, { presets: ["npm", "pypi"] });
    expect(p.check("registry.npmjs.org").type).toBe("allow");
    expect(p.check("files.pythonhosted.org").type).toBe("allow");
    expect(p.check("crates.io").type).toBe("block");
  });

  test("limited mode refuses methods other than GET, HEAD and OPTIONS, and tunnels", () => {
    const p = policy({ "example.com": "allow" }, { mode: "limited" });
    expect(p.check("example.com", { method: "GET" }).type).toBe("allow");
    expect(p.check("example.com", { method: "POST" })).toMatchObject({ reason: "method_not_allowed" });
    expect(p.check("example.com", { method: "CONNECT" })).toMatchObject({ reason: "method_not_allowed" });
  });
});

describe("local addresses", () => {
  test("are refused unless that exact host is listed", async () => {
    expect(policy({ "*": "allow" }).check("127.0.0.1")).toMatchObject({ reason: "not_allowed_local" });
    expect(policy({ "**.localhost": "allow" }).check("localhost")).toMatchObject({
      reason: "not_allowed_local",
    });
    expect(policy({ localhost: "allow" }).check("127.0.0.1")).toMatchObject({ reason: "not_allowed_local" });
    expect(policy({ "127.0.0.1": "allow" }).check("127.0.0.1").type).toBe("allow");
    expect(await policy({ "127.0.0.1": "allow" }).target("127.0.0.1")).toEqual({
      type: "connect",
      host: "127.0.0.1",
      address: "127.0.0.1",
    });
  });

  test("a listed name that resolves to a private address is refused (DNS rebinding)", async () => {
    const p = policy({ "**.example.com": "allow" });
    expect(await p.target("rebind.example.com")).toMatchObject({
      type: "block",
      reason: "not_allowed_local",
    });
    expect(await p.target("ok.example.com")).toEqual({
      type: "connect",
      host: "ok.example.com",
      address: "93.184.216.34",
    });
  });

  test("allow_local_binding makes them ordinary hosts", async () => {
    const p = policy({ "**.example.com": "allow", "10.0.0.1": "allow" }, { allowLocalBinding: true });
    expect(await p.target("rebind.example.com")).toMatchObject({ type: "connect" });
    expect(p.check("10.0.0.1").type).toBe("allow");
    expect(p.check("10.0.0.2")).toMatchObject({ reason: "not_allowed" });
  });
});
