/**
 * A host the allow-list refused, answered through the session's ops (what the TUI sends): the
 * session offers it once (`network_approval_request`), `approved_always` lets the next request
 * through the proxy and writes the host into the profile in config.toml, comments kept.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, ofType, untilTurnEnd, userTurn } from "../session/helpers.ts";
import { toolOutputs } from "../tools/e2e-helpers.ts";
import { BWRAP_DIR, HAS_CURL, NETWORK_TIERS } from "./network-env.ts";

setDefaultTimeout(120_000);

let h: Harness | null = null;
const savedPath = process.env.PATH;
afterEach(async () => {
  await h?.close();
  h = null;
  process.env.PATH = savedPath;
});

const PROFILE = `default_permissions = "dev"
[sandbox]
linux_backend = "bwrap"
[permissions.dev]
extends = ":workspace"
[permissions.dev.network]
enabled = true
[permissions.dev.network.domains]
# the registry mirror
"127.0.0.1" = "allow"
`;

const CURL = "curl -sS -o /dev/null -w 'status=%{http_code}' http://unlisted.example/";

test.skipIf(!HAS_CURL || !NETWORK_TIERS.includes("bwrap"))(
  "an unlisted host is offered once; approved always, it passes the proxy and is saved in the profile",
  async () => {
    // The session's commands find bwrap on this process's PATH.
    if (BWRAP_DIR) process.env.PATH = `${BWRAP_DIR}:${savedPath}`;
    h = await harness({ extraToml: PROFILE });
    for (const id of ["call_1", "call_2"]) {
      h.server.enqueue(
        responsesStream([...functionCall("shell", { command: ["bash", "-c", CURL] }, id), completed()]),
      );
      h.server.enqueue(responsesStream([textResponse("done"), completed()]));
    }
    const session = h.start({ flags: { sandbox_mode: undefined } });
    session.submit(userTurn("fetch it"));
    const first = await untilTurnEnd(session);
    expect(ofType(first, "network_approval_request")).toEqual([
      { type: "network_approval_request", host: "unlisted.example", port: 80, profile: "dev" },
    ]);
    expect(toolOutputs(h.server).get("call_1")).toContain("status=403");

    session.submit({ type: "network_approval", host: "unlisted.example", decision: "approved_always" });
    session.submit(userTurn("again"));
    const second = await untilTurnEnd(session);
    expect(ofType(second, "network_approval_request")).toEqual([]);
    // Allowed now: the proxy tries the host (which has no address anywhere) instead of refusing it.
    expect(toolOutputs(h.server).get("call_2")).toContain("status=502");
    const config = readFileSync(join(h.codexHome, "config.toml"), "utf8");
    expect(config).toContain('# the registry mirror\n"127.0.0.1" = "allow"\n"unlisted.example" = "allow"');
  },
);
