// A customer of the HTTP API as the load benchmarks drive it: one client address (a 127.x source
// address bound on its own keep-alive connections, which Linux accepts for all of 127.0.0.0/8),
// one conversation, and requests that end by themselves (a timeout destroys the request).
// Keep-alive: node's agent ignores the server's "Keep-Alive: timeout=5" hint unless the agent has a
// timeout of its own, so a connection idle for ~5 s (a customer typing) could be reused just as the
// server closes it (ECONNRESET). With a timeout set the agent drops idle connections a second before
// the server would; a message that still meets a reset on a reused connection is sent again once on
// a fresh one (safe: the server answers a repeated client_id with the first reply), and counted.
import http from "node:http";

export type Reply = { status: number; body: unknown };

/** A failed request's label for the report: its HTTP status, or what went wrong on the wire. */
export function failureOf(r: Reply | Error): string | null {
  if (r instanceof Error) return /timed out/.test(r.message) ? "timeout" : ((r as NodeJS.ErrnoException).code ?? "error");
  return r.status >= 200 && r.status < 300 ? null : String(r.status);
}

export class Customer {
  readonly agent: http.Agent;
  conversation: { id: string; token: string } | null = null;
  /** Messages sent again after a reused keep-alive connection was reset. */
  resent = 0;

  constructor(
    private readonly server: { port: number },
    readonly address: string,
    private readonly timeoutMs: number,
  ) {
    if (!/^127\.\d+\.\d+\.\d+$/.test(address)) throw new Error(`bench clients use loopback addresses only, not ${address}`);
    this.agent = new http.Agent({ keepAlive: true, timeout: 60_000 });
  }

  post(pathname: string, body: unknown, token?: string): Promise<Reply> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: this.server.port,
          path: pathname,
          method: "POST",
          agent: this.agent,
          localAddress: this.address,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (d: Buffer) => parts.push(d));
          res.on("end", () => {
            clearTimeout(timer);
            const text = Buffer.concat(parts).toString();
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // Not JSON (an HTML error page): kept as text.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`request timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      req.on("error", (err) => {
        clearTimeout(timer);
        reject(Object.assign(err, { reusedSocket: req.reusedSocket }));
      });
      req.end(payload);
    });
  }

  /** Opens this customer's conversation (POST /api/v1/conversations). */
  async open(): Promise<Reply | Error> {
    const r = await this.post("/api/v1/conversations", {}).catch((err: Error) => err);
    if (!(r instanceof Error) && r.status === 201) this.conversation = r.body as { id: string; token: string };
    return r;
  }

  /** Sends one message and waits for Keel's reply (POST /api/v1/conversations/:id/messages). */
  async send(text: string, asOf: string, clientId: string): Promise<Reply | Error> {
    const c = this.conversation;
    if (!c) return new Error("conversation not open");
    const attempt = () => this.post(`/api/v1/conversations/${c.id}/messages`, { text, as_of: asOf, client_id: clientId }, c.token);
    try {
      return await attempt();
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { reusedSocket?: boolean };
      if (!e.reusedSocket || (e.code !== "ECONNRESET" && e.code !== "EPIPE")) return e;
      this.resent++;
      return attempt().catch((again: Error) => again);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
