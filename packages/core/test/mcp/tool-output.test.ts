import { expect, test } from "bun:test";
import { itemResult, toolResultForModel } from "../../src/mcp/tool-output.ts";

test("content blocks become readable text; errors are failed calls", () => {
  const result = toolResultForModel({
    content: [
      { type: "text", text: "first" },
      { type: "resource", resource: { uri: "file:///a.txt", text: "file body" } },
      { type: "resource", resource: { uri: "file:///b.bin", mimeType: "application/zip", blob: "AAAA" } },
      { type: "resource_link", uri: "file:///c.md", name: "c.md", description: "notes" },
      { type: "audio", mimeType: "audio/wav", data: "UklGRg==" },
      { type: "mystery", value: 1 },
    ],
    isError: true,
  });
  expect(result).toEqual({
    success: false,
    contentItems: null,
    output: [
      "first",
      "file body",
      "[resource file:///b.bin (application/zip, 3 bytes, not shown)]",
      "[resource link: file:///c.md (c.md) — notes]",
      "[audio: audio/wav (not shown)]",
      '{"type":"mystery","value":1}',
    ].join("\n"),
  });
});

test("structured content wins; images travel as input_image items", () => {
  const result = toolResultForModel({
    content: [
      { type: "text", text: "see image" },
      { type: "image", mimeType: "image/jpeg", data: "/9j/" },
    ],
    structuredContent: { ok: true },
  });
  expect(result).toEqual({
    success: true,
    output: '{"ok":true}',
    contentItems: [
      { type: "input_text", text: '{"ok":true}' },
      { type: "input_image", image_url: "data:image/jpeg;base64,/9j/" },
    ],
  });
  expect(itemResult({ content: [], structuredContent: { ok: true } })).toEqual({
    content: [],
    structured_content: { ok: true },
  });
});
