export type { CodexProcess, CodexRunResult, RunCodexOptions } from "./binary.ts";
export {
  codexBinaryPath,
  makeTempCodexHome,
  runCodex,
  spawnCodex,
  writeMockProviderConfig,
} from "./binary.ts";
export type { ChatChunk } from "./chat-chunks.ts";
export {
  chatFinish,
  chatReasoning,
  chatText,
  chatToolCall,
  chatUsage,
  formatChatChunk,
} from "./chat-chunks.ts";
export { makeGitRepo } from "./git-repo.ts";
export {
  loadGoldenJsonl,
  loadGoldenScenario,
  repoRoot,
  scenarioResponses,
} from "./golden.ts";
export { jsonLines } from "./json-lines.ts";
export { jwtClaims, makeJwt } from "./jwt.ts";
export { CODEX_RESPONSES_PATH, MockChatGpt, startMockChatGpt } from "./mock-chatgpt.ts";
export type { MintedTokens, MockAccount, MockIssuerOptions } from "./mock-issuer.ts";
export { CODEX_CLIENT_ID, MockIssuer, pkceChallenge } from "./mock-issuer.ts";
export type { MockModelServerOptions, PathMatcher, RecordedRequest, Responder } from "./mock-model-server.ts";
export { MockModelServer, startMockModelServer } from "./mock-model-server.ts";
export type { ResponsesEvent, UsageSpec } from "./responses-events.ts";
export {
  completed,
  customToolCall,
  failed,
  formatResponsesEvent,
  functionCall,
  localShellCall,
  reasoning,
  responseCreated,
  textResponse,
  webSearchCall,
} from "./responses-events.ts";
export type { ScriptedResponse, StreamEnd, StreamOptions } from "./scripted-response.ts";
export {
  chatStream,
  droppedStream,
  httpError,
  noResponse,
  rawStream,
  responsesStream,
  stalledStream,
} from "./scripted-response.ts";
export type { WaitOptions } from "./wait.ts";
export { waitUntil } from "./wait.ts";
