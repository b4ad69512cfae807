/** The apply_patch tool as offered to the model: a freeform (Lark grammar) tool, or a JSON function. */
import type { ToolSpec } from "../../client/types.ts";

/** The patch language (see the format in codex-behaviour §6). */
const APPLY_PATCH_LARK_GRAMMAR = `start: begin_patch hunk+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

hunk: add_hunk | delete_hunk | update_hunk
add_hunk: "*** Add File: " filename LF add_line+
delete_hunk: "*** Delete File: " filename LF
update_hunk: "*** Update File: " filename LF change_move? change?

filename: /(.+)/
add_line: "+" /(.*)/ LF -> line

change_move: "*** Move to: " filename LF
change: (change_context | change_line)+ eof_line?
change_context: ("@@" | "@@ " /(.+)/) LF
change_line: ("+" | "-" | " ") /(.*)/ LF
eof_line: "*** End of File" LF

%import common.LF
`;

const FORMAT_GUIDE = `A patch is plain text framed by "*** Begin Patch" and "*** End Patch". Between them, one section per file:
- "*** Add File: <path>" followed by the new file's lines, each starting with "+".
- "*** Delete File: <path>" with nothing after it.
- "*** Update File: <path>", optionally "*** Move to: <new path>", then one or more change blocks. A block may start with "@@" or "@@ <a line that appears just above the change>" (a class or function header) to locate it. In a block, lines starting with " " are unchanged context, "-" lines are removed and "+" lines are added. Give about three lines of context around each change, and enough to make it unique. "*** End of File" marks a change at the very end of the file.
Paths are relative to the working directory (absolute paths are also accepted). Never use line numbers.`;

const APPLY_PATCH_FREEFORM_DESCRIPTION = `Edits files by applying a patch. This tool is FREEFORM: send the patch text itself, not JSON.\n${FORMAT_GUIDE}`;

const APPLY_PATCH_JSON_DESCRIPTION = `Edits files by applying a patch given in the "input" field.\n${FORMAT_GUIDE}\nExample input:\n*** Begin Patch\n*** Update File: src/app.py\n@@ def greet():\n-    print("hi")\n+    print("hello")\n*** End Patch`;

export function applyPatchToolSpec(options: { freeform: boolean }): ToolSpec {
  if (options.freeform)
    return {
      type: "custom",
      name: "apply_patch",
      description: APPLY_PATCH_FREEFORM_DESCRIPTION,
      format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
    };
  return {
    type: "function",
    name: "apply_patch",
    description: APPLY_PATCH_JSON_DESCRIPTION,
    strict: false,
    parameters: {
      type: "object",
      properties: {
        input: { type: "string", description: "The whole patch, from *** Begin Patch to *** End Patch." },
      },
      required: ["input"],
      additionalProperties: false,
    },
  };
}
