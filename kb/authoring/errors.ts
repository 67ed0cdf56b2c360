// Errors a policy owner can act on; the HTTP layer maps the code to a status.
export class AuthoringError extends Error {
  constructor(
    readonly code: "not_found" | "conflict" | "invalid",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
