/** JSON-RPC errors the server answers with. Codes and wording follow Codex 0.169's app-server. */

export const INVALID_REQUEST = -32600;

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
