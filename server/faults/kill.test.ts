// A server process killed mid-conversation (SIGKILL) and started again on the same data folder:
// the stale lock is taken over, messages stored but unanswered are answered, retries by clientId
// add nothing, and the conversation's memory survives (pushback is read as pushback).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TurnResult } from "../../protocol/turn-result.ts";
import type { Message } from "../../protocol/messages.ts";
import { ask, customerSocket, next, open } from "../../test-support/server.ts";
import { eventually, startKeel, stop, type KeelProcess } from "../../test-support/processes.ts";

const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "keel-kill-")), "data");
const lockFile = `${dataDir}.lock`;
const env = { KEEL_DATA_DIR: dataDir };
const running: KeelProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((s) => stop(s.child, "SIGKILL")));
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

async function serve(): Promise<KeelProcess> {
  const server = await startKeel(env);
  running.push(server);
  return server;
}

type Conversation = { id: string; token: string };

async function startConversation(url: string): Promise<Conversation> {
  const res = await fetch(`${url}/api/v1/conversations`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(res.status).toBe(201);
  return (await res.json()) as Conversation;
}

function say(url: string, c: Conversation, text: string): Promise<TurnResult> {
  return fetch(`${url}/api/v1/conversations/${c.id}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
    body: JSON.stringify({ text }),
  }).then(async (res) => {
    expect(res.status).toBe(200);
    return (await res.json()) as TurnResult;
  });
}

const RETURN_WINDOW = "How many days do I have to return unworn items?";
const FREE_SHIPPING = "Do orders over $49 ship free?";
const PUSHBACK = "Are you sure? Check again.";

describe("a server killed mid-conversation", () => {
  it("resumes on restart with every customer message and every reply exactly once, and the conversation's memory intact", async () => {
    const first = await serve();
    // Two conversations, each answered once before the crash.
    const stored = await startConversation(first.url);
    const inFlight = await startConversation(first.url);
    const storedSocket = await open(customerSocket(first.url, stored.id, stored.token));
    const inFlightSocket = await open(customerSocket(first.url, inFlight.id, inFlight.token));
    const answers: Record<string, string> = {};
    for (const [c, socket] of [
      [stored, storedSocket],
      [inFlight, inFlightSocket],
    ] as const) {
      const answered = await ask<{ reply: Message }>(socket, "message:send", { clientId: `${c.id.slice(0, 8)}-1`, text: RETURN_WINDOW });
      expect(answered.ok).toBe(true);
      answers[c.id] = answered.reply.text;
    }

    // The process dies with two unacknowledged sends: one already stored (the server echoed it),
    // the other emitted a moment before the kill and perhaps never read.
    const echoed = next<Message>(storedSocket, "message", (m) => m.author === "customer" && m.text === FREE_SHIPPING);
    storedSocket.emit("message:send", { clientId: `${stored.id.slice(0, 8)}-2`, text: FREE_SHIPPING }, () => undefined);
    await echoed;
    inFlightSocket.emit("message:send", { clientId: `${inFlight.id.slice(0, 8)}-2`, text: FREE_SHIPPING }, () => undefined);
    first.child.kill("SIGKILL");
    await first.exited;
    storedSocket.close();
    inFlightSocket.close();
    // The dead process's lock is still there; the next start must take it over.
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(first.child.pid);

    const second = await serve();
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(second.child.pid);
    // The stored message is answered on start, before the customer even retries.
    await eventually(
      "the stored message is answered on restart",
      async () => {
        const res = await fetch(`${second.url}/api/v1/conversations/${stored.id}/messages`, { headers: { authorization: `Bearer ${stored.token}` } });
        return ((await res.json()) as { messages: Message[] }).messages.filter((m) => m.author === "keel").length === 2;
      },
      20_000,
    );
    const retried: Record<string, Message> = {};
    for (const c of [stored, inFlight]) {
      const socket = await open(customerSocket(second.url, c.id, c.token));
      // The widget retries its unacknowledged send with the same clientId.
      const retry = await ask<{ message: Message; reply: Message }>(socket, "message:send", {
        clientId: `${c.id.slice(0, 8)}-2`,
        text: FREE_SHIPPING,
      });
      expect(retry.ok).toBe(true);
      expect(retry.reply.outcome).toBe("answer");
      retried[c.id] = retry.reply;
      const { messages } = await ask<{ messages: Message[] }>(socket, "transcript", {});
      expect(messages.filter((m) => m.author === "customer").map((m) => m.text)).toEqual([RETURN_WINDOW, FREE_SHIPPING]);
      const replies = messages.filter((m) => m.author === "keel");
      expect(replies.map((m) => m.text)).toEqual([answers[c.id], retry.reply.text]);
      expect(messages.map((m) => m.author)).toEqual(["customer", "keel", "customer", "keel"]);
      socket.close();
    }

    // The memory survived: pushback is read as pushback on the last answer, and the same
    // question is looked up again (the same policy is cited).
    const pushedBack = await say(second.url, stored, PUSHBACK);
    expect(pushedBack.signals.sycophancy.kinds).toContain("pushback");
    expect(pushedBack.citations.map((c) => c.policy)).toContain(retried[stored.id]!.citations[0]!.policy);
    // Control: with no earlier answer, the same words are not pushback.
    const fresh = await startConversation(second.url);
    expect((await say(second.url, fresh, PUSHBACK)).signals.sycophancy.kinds).not.toContain("pushback");

    await stop(second.child);
    expect(await second.exited).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  }, 150_000);
});
