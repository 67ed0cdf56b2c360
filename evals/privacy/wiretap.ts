// Records every HTTP request body the process sends through fetch (the OpenAI client's transport),
// so the privacy suite checks what actually left for a model, not only what Keel chose to audit.
// Install it before any agent exists: the OpenAI client may keep a reference to fetch.

export type Wiretap = {
  /** Every request sent since install: its URL and body as text. */
  requests: { url: string; body: string }[];
  restore(): void;
};

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString("utf8");
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  // Streams and form data are not what the OpenAI client sends; name them so a check can notice.
  return `[unrecorded ${Object.prototype.toString.call(body)} body]`;
}

export function tapFetch(): Wiretap {
  const real = globalThis.fetch;
  const requests: Wiretap["requests"] = [];
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    if (input instanceof Request) {
      requests.push({ url: input.url, body: init?.body !== undefined ? bodyText(init.body) : await input.clone().text() });
    } else {
      requests.push({ url: input.toString(), body: bodyText(init?.body) });
    }
    return real(input, init);
  }) as typeof fetch;
  return {
    requests,
    restore() {
      globalThis.fetch = real;
    },
  };
}
