/**
 * The sandbox escapes of issue 11, as a scripted model attempts them through `dist/codex exec`, on
 * every Linux tier this host has: the model's workdir as a way out, a known-safe command running
 * repository config, apply_patch into protected paths, and a directory swapped for a symlink by a
 * process left behind by an earlier command.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { customToolCall, functionCall } from "@codex/test-support";
import { toolOutputs } from "../tools/e2e-helpers.ts";
import {
  escapeSetup,
  execTurn,
  HAS_PYTHON,
  LINUX_TIERS,
  PYTHON,
  scriptModel,
  shellCall,
} from "./escape-env.ts";

// Real sandboxes and processes: allow for a loaded machine.
setDefaultTimeout(120_000);

const setup = escapeSetup();
const addFile = (path: string, line: string) =>
  `*** Begin Patch\n*** Add File: ${path}\n+${line}\n*** End Patch\n`;

for (const tier of LINUX_TIERS) {
  describe(`${tier} tier, through dist/codex exec`, () => {
    test("the model's workdir grants nothing: not the outside, not CODEX_HOME", async () => {
      const env = await setup(tier);
      const configBefore = readFileSync(join(env.codexHome, "config.toml"), "utf8");
      scriptModel(env, [
        [
          ...shellCall("echo x > made-in-workdir.txt", "call_out", { workdir: env.outside }),
          ...shellCall("echo '[mcp_servers.evil]' >> config.toml", "call_home", { workdir: env.codexHome }),
          ...functionCall(
            "shell",
            { command: ["apply_patch", addFile("patched.txt", "x")], workdir: env.outside },
            "call_patch",
          ),
          ...shellCall(
            `cd ${env.outside} && apply_patch <<'EOF'\n${addFile("heredoc.txt", "x")}EOF\n`,
            "call_cd",
          ),
        ],
      ]);
      const result = await execTurn(env);
      expect(result.code).toBe(0);
      expect(readdirSync(env.outside)).toEqual([]);
      expect(readFileSync(join(env.codexHome, "config.toml"), "utf8")).toBe(configBefore);
      const outputs = toolOutputs(env.server);
      expect(outputs.get("call_out")).toMatch(/Permission denied|Read-only file system/);
      expect(outputs.get("call_home")).toMatch(/Permission denied|Read-only file system/);
    });

    test("a known-safe command runs sandboxed: git status cannot run repository config outside", async () => {
      const env = await setup(tier);
      const pwned = join(env.outside, "pwned");
      const nested = join(env.ws, "src", "nested");
      const prepare = [
        `printf '#!/bin/sh\\necho pwned > ${pwned}\\n' > src/hook.sh`,
        "chmod +x src/hook.sh",
        "git init -q src/nested",
        `git -C src/nested config core.fsmonitor ${env.ws}/src/hook.sh`,
      ].join(" && ");
      scriptModel(env, [
        shellCall(prepare, "call_prepare"),
        functionCall("shell", { command: ["git", "status"], workdir: nested }, "call_status"),
      ]);
      const result = await execTurn(env);
      expect(result.code).toBe(0);
      expect(toolOutputs(env.server).get("call_prepare")).toStartWith("Exit code: 0");
      expect(existsSync(join(nested, ".git", "config"))).toBe(true);
      expect(existsSync(pwned)).toBe(false);
    });

    test("apply_patch cannot write .codex or .git hooks, directly or through a symlink", async () => {
      const env = await setup(tier);
      scriptModel(env, [
        shellCall("ln -s ../.git/hooks src/hooks-link && ln -s ../.codex src/codex-link", "call_prepare"),
        [
          ...customToolCall("apply_patch", addFile(".codex/evil.toml", "[mcp_servers.evil]"), "call_codex"),
          ...customToolCall("apply_patch", addFile(".git/hooks/pre-commit", "#!/bin/sh"), "call_hook"),
          ...customToolCall("apply_patch", addFile("src/hooks-link/post-merge", "#!/bin/sh"), "call_link"),
          ...customToolCall("apply_patch", addFile("src/codex-link/config.toml", "x"), "call_codex_link"),
        ],
      ]);
      const result = await execTurn(env);
      expect(result.code).toBe(0);
      expect(toolOutputs(env.server).get("call_prepare")).toStartWith("Exit code: 0");
      expect(readdirSync(join(env.ws, ".codex"))).toEqual(["config.toml"]);
      expect(readFileSync(join(env.ws, ".codex", "config.toml"), "utf8")).toBe("# project config\n");
      expect(readdirSync(join(env.ws, ".git", "hooks"))).toEqual([]);
    });

    test("the gitdir a .git file points to stays read-only, for commands and patches", async () => {
      const env = await setup(tier, { writableRoots: ["shared"] });
      const gitdir = join(env.base, "shared", "gitdirs", "ws");
      mkdirSync(join(gitdir, "hooks"), { recursive: true });
      mkdirSync(join(env.base, "shared", "sub"));
      rmSync(join(env.ws, ".git"), { recursive: true });
      writeFileSync(join(env.ws, ".git"), `gitdir: ${gitdir}\n`);
      scriptModel(env, [
        shellCall(
          `echo x > ${gitdir}/hooks/pre-commit; echo y > ${env.base}/shared/sub/other.txt`,
          "call_shell",
        ),
        customToolCall("apply_patch", addFile(`${gitdir}/hooks/post-checkout`, "#!/bin/sh"), "call_patch"),
      ]);
      const result = await execTurn(env);
      expect(result.code).toBe(0);
      expect(readdirSync(join(gitdir, "hooks"))).toEqual([]);
      // The rest of that root stays writable.
      expect(readFileSync(join(env.base, "shared", "sub", "other.txt"), "utf8")).toBe("y\n");
    });

    test.skipIf(!HAS_PYTHON)(
      "a directory swapped for a symlink by a process an earlier command left behind lands no patch outside",
      async () => {
        const env = await setup(tier);
        // The swapper would run forever; it must die with the command that started it.
        const swapper = [
          "import os",
          "while True:",
          "    try:",
          "        os.rename('src/swap', 'src/swap-real')",
          `        os.symlink('${env.outside}', 'src/swap')`,
          "        os.unlink('src/swap')",
          "        os.rename('src/swap-real', 'src/swap')",
          "    except OSError:",
          "        pass",
        ].join("\n");
        writeFileSync(join(env.ws, "src", "swapper.py"), swapper);
        scriptModel(env, [
          shellCall(
            `mkdir -p src/swap && (setsid nohup ${PYTHON} src/swapper.py >/dev/null 2>&1 &); echo started`,
            "call_swapper",
          ),
          Array.from({ length: 100 }, (_, i) =>
            customToolCall("apply_patch", addFile(`src/swap/p${i}.txt`, "x"), `call_p${i}`),
          ).flat(),
        ]);
        const result = await execTurn(env);
        expect(result.code).toBe(0);
        expect(readdirSync(env.outside)).toEqual([]);
        // Each patch landed inside, or failed because of where the killed swapper left src/swap: a
        // symlink to the outside (refused at approval or at write) or renamed away (ENOENT).
        const outputs = toolOutputs(env.server);
        for (let i = 0; i < 100; i++) {
          const output = outputs.get(`call_p${i}`) ?? "";
          if (!output.includes("Success."))
            expect(output).toMatch(/outside the writable roots|writing outside of the project|ENOENT/);
        }
      },
    );
  });
}
