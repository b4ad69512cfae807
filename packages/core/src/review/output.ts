/**
 * The reviewer's answer: parsed from its last message, rendered as text for people (the layout of
 * Codex 0.169's `render_review_output_text`), and turned into the items the parent conversation
 * keeps so that a later turn can act on the findings ("fix those").
 */
import type { ResponseItem, ReviewFinding, ReviewOutput } from "@codex/protocol";

const REVIEW_FALLBACK_MESSAGE = "Reviewer failed to output a response.";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseFinding(value: unknown): ReviewFinding | null {
  if (!isObject(value)) return null;
  const location = value.code_location;
  if (!isObject(location) || !isObject(location.line_range)) return null;
  const { start, end } = location.line_range;
  if (typeof value.title !== "string" || typeof value.body !== "string") return null;
  if (typeof value.confidence_score !== "number") return null;
  if (typeof location.absolute_file_path !== "string") return null;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  // The guidelines let the reviewer leave the priority out; 0.169 would then drop the whole review.
  const priority = Number.isInteger(value.priority) ? (value.priority as number) : null;
  return {
    title: value.title,
    body: value.body,
    confidence_score: value.confidence_score,
    priority,
    code_location: {
      absolute_file_path: location.absolute_file_path,
      line_range: { start: start as number, end: end as number },
    },
  };
}

function parseObject(text: string): ReviewOutput | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || !Array.isArray(value.findings)) return null;
  if (typeof value.overall_correctness !== "string" || typeof value.overall_explanation !== "string")
    return null;
  if (typeof value.overall_confidence_score !== "number") return null;
  const findings: ReviewFinding[] = [];
  for (const raw of value.findings) {
    const finding = parseFinding(raw);
    if (finding === null) return null;
    findings.push(finding);
  }
  return {
    findings,
    overall_correctness: value.overall_correctness,
    overall_explanation: value.overall_explanation,
    overall_confidence_score: value.overall_confidence_score,
  };
}

/**
 * The review in the reviewer's last message: the JSON object itself, else the object between the
 * first `{` and the last `}` (a model may wrap it in prose), else the whole text as the explanation.
 */
export function parseReviewOutput(text: string): ReviewOutput {
  const direct = parseObject(text);
  if (direct) return direct;
  const open = text.indexOf("{");
  const close = text.lastIndexOf("}");
  if (open >= 0 && close > open) {
    const inner = parseObject(text.slice(open, close + 1));
    if (inner) return inner;
  }
  return { findings: [], overall_correctness: "", overall_explanation: text, overall_confidence_score: 0 };
}

function findingLocation(finding: ReviewFinding): string {
  const { absolute_file_path, line_range } = finding.code_location;
  return `${absolute_file_path}:${line_range.start}-${line_range.end}`;
}

/** "Review comment:" (one) or "Full review comments:" (several), each finding with its body indented. */
function renderFindings(findings: readonly ReviewFinding[]): string {
  const lines = [findings.length > 1 ? "Full review comments:" : "Review comment:"];
  for (const finding of findings) {
    lines.push("", `- ${finding.title} — ${findingLocation(finding)}`);
    for (const line of finding.body.split(/\r?\n/)) lines.push(`  ${line}`);
  }
  return lines.join("\n");
}

/** The explanation, then the findings; the fallback sentence when there is neither. */
export function renderReviewOutput(output: ReviewOutput): string {
  const sections: string[] = [];
  const explanation = output.overall_explanation.trim();
  if (explanation) sections.push(explanation);
  if (output.findings.length > 0) sections.push(renderFindings(output.findings));
  return sections.length > 0 ? sections.join("\n\n") : REVIEW_FALLBACK_MESSAGE;
}

/** What the parent conversation keeps of a finished review: the results as user context, and the reply. */
export function reviewHistoryItems(rendered: string): ResponseItem[] {
  const context = [
    "<user_action>",
    "  <context>The user ran a code review. Below is the reviewer's full output; the user may ask to address some or all of these comments.</context>",
    "  <action>review</action>",
    "  <results>",
    `  ${rendered}`,
    "  </results>",
    "</user_action>",
    "",
  ].join("\n");
  return [
    { type: "message", role: "user", content: [{ type: "input_text", text: context }] },
    { type: "message", role: "assistant", content: [{ type: "output_text", text: rendered }] },
  ];
}
