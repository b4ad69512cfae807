/** JSON-RPC errors the server answers with. Codes and wording follow Codex 0.169's app-server. */

export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

/** Thrown by a handler; the transport turns it into `{id, error: {code, message}}`. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export function invalidRequest(message: string): RpcError {
  return new RpcError(INVALID_REQUEST, message);
}

export function invalidParams(message: string): RpcError {
  return new RpcError(INVALID_PARAMS, message);
}
