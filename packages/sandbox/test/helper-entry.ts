/** Stand-in for the CLI entry in tests: routes `--codex-linux-sandbox` to the helper. */
import { runLinuxSandboxHelper } from "../src/helper.ts";

runLinuxSandboxHelper(process.argv.slice(2));
