/** Turns a user turn's input (text, local images, image URLs) into the user message sent to the model. */
import { readFileSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";
import type { ContentItem, ResponseItem, UserInput } from "@codex/protocol";

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
};

/** Reads a local image as a data: URL; throws with a one-line message when it cannot. */
async function imageDataUrl(path: string, cwd: string): Promise<string> {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  const mime = IMAGE_TYPES[extname(full).toLowerCase()] ?? "application/octet-stream";
  let bytes: Buffer;
  try {
    bytes = readFileSync(full);
  } catch (error) {
    throw new Error(`cannot read image ${full}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return `data:${mime};base64,${bytes.toString("base64")}`;
}

export async function userMessage(items: readonly UserInput[], cwd: string): Promise<ResponseItem> {
  const content: ContentItem[] = [];
  for (const item of items) {
    if (item.type === "text") content.push({ type: "input_text", text: item.text });
    else if (item.type === "image") content.push({ type: "input_image", image_url: item.image_url });
    else content.push({ type: "input_image", image_url: await imageDataUrl(item.path, cwd) });
  }
  return { type: "message", role: "user", content };
}
