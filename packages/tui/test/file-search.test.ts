import { expect, test } from "bun:test";
import { fuzzyFilter, fuzzyScore } from "../src/features/fuzzy.ts";
import { syntheticRepo } from "./helpers/synthetic-repo.ts";

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

// How fast this is: bench/in-process.ts.
test("fuzzy search over 100,000 paths finds the file asked for", () => {
  const files = syntheticRepo(100_000);
  const lowered = files.map((f) => f.toLowerCase());
  const top = fuzzyFilter(files, "session_4242", 8, lowered);
  expect(top[0]?.text.endsWith("session_4242.md") || top[0]?.text.includes("4242")).toBe(true);
  expect(fuzzyFilter(files, "zzzz", 8, lowered)).toEqual([]);
});
