/** The Windows archive's ZIP writer, read back by an independent reader (Python's zipfile). */
import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zip } from "../packaging/zip.ts";

const READ_BACK = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    bad = archive.testzip()
    entries = [{"name": i.filename, "mode": i.external_attr >> 16, "sha256": hashlib.sha256(archive.read(i)).hexdigest()}
               for i in archive.infolist()]
print(json.dumps({"bad": bad, "entries": entries}))
`;

test.skipIf(Bun.which("python3") === null)(
  "a ZIP that another reader extracts byte for byte, with modes",
  () => {
    const binary = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251); // compressible, not trivial
    const path = join(mkdtempSync(join(tmpdir(), "codex-zip-")), "test.zip");
    const modified = new Date(2026, 0, 2, 3, 4, 6);
    writeFileSync(
      path,
      zip([
        { name: "codex-ts-1.0.0-windows-x64/codex.exe", data: binary, mode: 0o755, modified },
        {
          name: "codex-ts-1.0.0-windows-x64/ünïcode.txt",
          data: new TextEncoder().encode("hi\n"),
          mode: 0o644,
          modified,
        },
      ]),
    );
    const result = Bun.spawnSync(["python3", "-c", READ_BACK, path]);
    expect(result.stderr.toString()).toBe("");
    const { bad, entries } = JSON.parse(result.stdout.toString()) as {
      bad: string | null;
      entries: Array<{ name: string; mode: number; sha256: string }>;
    };
    expect(bad).toBeNull(); // every CRC matches
    expect(entries.map((e) => [e.name, e.mode])).toEqual([
      ["codex-ts-1.0.0-windows-x64/codex.exe", 0o100755],
      ["codex-ts-1.0.0-windows-x64/ünïcode.txt", 0o100644],
    ]);
    const sha256 = (data: string | Uint8Array) => new Bun.CryptoHasher("sha256").update(data).digest("hex");
    expect(entries.map((e) => e.sha256)).toEqual([sha256(binary), sha256("hi\n")]);
  },
);
