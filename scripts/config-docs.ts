/**
 * Rewrites the generated key tables of docs/configuration.md from the config declaration
 * (packages/core/src/config/keys). `npm run docs:config`; a test fails when they disagree.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { DOCS_BEGIN, DOCS_END, renderKeyDocs } from "../packages/core/src/config/docs-table.ts";

const path = resolve(import.meta.dir, "../docs/configuration.md");
const text = readFileSync(path, "utf8");
const start = text.indexOf(DOCS_BEGIN);
const end = text.indexOf(DOCS_END);
if (start === -1 || end === -1) throw new Error(`${path}: the config-keys markers are missing`);
writeFileSync(path, `${text.slice(0, start)}${renderKeyDocs()}${text.slice(end + DOCS_END.length)}`);
console.log(`updated ${path}`);
