"use strict";
/**
 * After `npm install`: link this platform's binary over the Node launcher so that even the first
 * `codex` starts without Node. Never fails the install: with scripts off (--ignore-scripts) or when
 * linking is not possible, the launcher runs the binary, and links it on first use when it can.
 */
const { findNativeBinary, linkOverLauncher } = require("./native-binary.cjs");

const found = findNativeBinary();
if ("binary" in found) linkOverLauncher(found.binary);
