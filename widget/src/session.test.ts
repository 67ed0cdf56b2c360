// The widget passes the host's signed customer context beside the identity, never inside it (the
// identity schema is strict), and passes none when the host signed none.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSession } from "./session.ts";

afterEach(() => vi.unstubAllGlobals());

function capture(): { bodies: unknown[] } {
  const bodies: unknown[] = [];
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(String(init.body)));
    return new Response(JSON.stringify({ id: "c-1", token: "t-1" }), { status: 201 });
  });
  return { bodies };
}

describe("createSession", () => {
  it("sends the signed context as signed_context beside the identity", async () => {
    const { bodies } = capture();
    const signedContext = { data: '{"tier":"Gold"}', signature: "a".repeat(64) };
    await createSession("https://keel.example", { site: "shop", userId: "u-1", signature: "b".repeat(64), name: "Sam", signedContext });
    expect(bodies[0]).toEqual({ identity: { site: "shop", userId: "u-1", signature: "b".repeat(64), name: "Sam" }, signed_context: signedContext });
  });

  it("sends no context when the host signed none, and nothing about a customer for an anonymous one", async () => {
    const { bodies } = capture();
    await createSession("https://keel.example", { site: "shop", userId: "u-1", signature: "b".repeat(64) });
    await createSession("https://keel.example", null, { order_id: "A-1" });
    expect(bodies).toEqual([{ identity: { site: "shop", userId: "u-1", signature: "b".repeat(64) } }, { context: { order_id: "A-1" } }]);
  });
});
