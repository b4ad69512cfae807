import { expect, test } from "bun:test";
import { fuzzyFilter, fuzzyScore } from "../src/features/fuzzy.ts";

function syntheticRepo(n: number): string[] {
  const dirs = [
    "src",
    "packages/core/src",
    "packages/tui/src/views",
    "test/fixtures",
    "docs",
    "scripts",
    "lib/utils",
  ];
  const words = [
    "button",
    "session",
    "config",
    "render",
    "parser",
    "client",
    "index",
    "helpers",
    "widget",
    "state",
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const dir = `${dirs[i % dirs.length]}/${words[(i >> 3) % words.length]}-${i % 97}`;
    out.push(`${dir}/${words[i % words.length]}_${i}.${i % 3 === 0 ? "ts" : i % 3 === 1 ? "md" : "json"}`);
  }
  return out;
}

test("fuzzy scorer prefers file-name and word-start matches", () => {
  const files = [
    "src/components/button.tsx",
    "docs/about-the-button-component.md",
    "src/bin/utils/tn.ts",
    "Cargo.toml",
  ];
  expect(fuzzyFilter(files, "btn", 3).map((m) => m.text)[0]).toBe("src/components/button.tsx");
  expect(fuzzyFilter(files, "cargo", 3).map((m) => m.text)).toEqual(["Cargo.toml"]);
  expect(fuzzyScore("src/app.ts", "xyz")).toBeNull();
});

test("fuzzy search over 100,000 paths stays interactive", () => {
  const files = syntheticRepo(100_000);
  const lowered = files.map((f) => f.toLowerCase());
  const timings: Record<string, number> = {};
  for (const q of ["b", "btn", "tuiviewswidget", "session_4242", "zzzz"]) {
    const t0 = performance.now();
    const top = fuzzyFilter(files, q, 8, lowered);
    timings[q] = performance.now() - t0;
    if (q === "session_4242")
      expect(top[0]?.text.endsWith("session_4242.md") || top[0]?.text.includes("4242")).toBe(true);
  }
  console.log(
    `fuzzy over 100k paths (ms): ${Object.entries(timings)
      .map(([q, t]) => `${q}=${t.toFixed(1)}`)
      .join(" ")}`,
  );
  expect(Math.max(...Object.values(timings))).toBeLessThan(500);
});
