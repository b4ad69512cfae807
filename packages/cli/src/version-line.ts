/**
 * What `codex --version` prints: `codex-cli <version>` as Codex CLI does (scripts match that
 * prefix), then the commit the binary was built from. Imports nothing heavy: it is on the fast path.
 */
import { CODEX_COMMIT, CODEX_VERSION } from "@codex/protocol/version";

export const VERSION_LINE =
  CODEX_COMMIT === null
    ? `codex-cli ${CODEX_VERSION}`
    : `codex-cli ${CODEX_VERSION} (commit ${CODEX_COMMIT})`;
