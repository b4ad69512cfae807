/**
 * `view_image`: attaches a local image to the conversation. The image goes into the next model
 * request as an `input_image` (a data: URL) inside a user message, through the context's
 * `injectInput` (the session provides it); the call itself answers "attached local image path".
 */
import { readFileSync, type Stats, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import {
  parseFunctionArguments,
  type ToolCall,
  type ToolHandler,
  ToolInputError,
  type ToolResult,
  type ToolRunContext,
} from "../types.ts";

function sniffMime(bytes: Uint8Array): string | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "image/png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return "image/gif";
  if (b(0) === 0x42 && b(1) === 0x4d) return "image/bmp";
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45)
    return "image/webp";
  return null;
}

/** Reads an image file as a data: URL, or throws ToolInputError with a one-line reason. */
async function localImageDataUrl(path: string, cwd: string): Promise<string> {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  let info: Stats | null = null;
  try {
    info = statSync(full);
  } catch {
    // missing or unreadable: reported below
  }
  if (info === null) throw new ToolInputError(`unable to locate image at \`${full}\``);
  if (!info.isFile()) throw new ToolInputError(`image path \`${full}\` is not a file`);
  const bytes = readFileSync(full);
  const mime = sniffMime(bytes);
  if (mime === null) throw new ToolInputError(`\`${full}\` is not a PNG, JPEG, GIF, WebP or BMP image`);
  return `data:${mime};base64,${bytes.toString("base64")}`;
}

async function run(call: ToolCall, ctx: ToolRunContext): Promise<ToolResult> {
  const args = parseFunctionArguments(call);
  if (typeof args.path !== "string" || args.path === "")
    throw new ToolInputError("failed to parse function arguments: `path` must be a file path");
  const inject = ctx.injectInput;
  if (inject === undefined) return { output: "view_image is not available in this session", success: false };
  const url = await localImageDataUrl(args.path, ctx.cwd);
  inject([{ type: "message", role: "user", content: [{ type: "input_image", image_url: url }] }]);
  return { output: "attached local image path", success: true };
}

export function createViewImageHandler(): ToolHandler {
  return {
    spec: {
      type: "function",
      name: "view_image",
      description:
        "Shows you a local image file (PNG, JPEG, GIF, WebP or BMP) by adding it to the conversation.",
      strict: false,
      parameters: {
        type: "object",
        properties: {
          path: {
            type: "string",
            description: "Path of the image file, absolute or relative to the working directory.",
          },
        },
        required: ["path"],
        additionalProperties: false,
      },
    },
    run,
  };
}
