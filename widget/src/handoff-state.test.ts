// The handoff state machine alone: every transition, and one message per state that never
// contradicts the state (no "finding someone" while nobody is online, no hours while closed
// without saying so).
import { describe, expect, it } from "vitest";
import { handoffMessage, NO_HANDOFF, nextHandoffState, wantsEmail, type HandoffEvent, type HandoffState } from "./handoff-state.ts";
import { stringsFor } from "./i18n.ts";

const t = stringsFor("en");
const at = (iso: string) => `tomorrow at ${iso.slice(11, 16)} UTC`;
const say = (s: HandoffState) => handoffMessage(s, t, at);
const status = (over: Partial<Extract<HandoffEvent, { type: "status" }>["status"]>): HandoffEvent => ({
  type: "status",
  status: { status: "queued", agent: null, agentsOnline: 0, followUpEmail: false, queueAhead: 0, closedUntil: null, ...over },
});
const run = (...events: HandoffEvent[]) => events.reduce(nextHandoffState, NO_HANDOFF);

describe("the handoff state machine", () => {
  it("goes from asking to connecting, then to the queue with a position when someone is online", () => {
    expect(run({ type: "requested" })).toEqual({ kind: "connecting" });
    expect(say(run({ type: "requested" }))).toBe("Finding someone from our team…");
    expect(run({ type: "requested" }, status({ agentsOnline: 2, queueAhead: 2 }))).toEqual({ kind: "queued", ahead: 2 });
    expect(say({ kind: "queued", ahead: 2 })).toBe("You're number 3 in line for a person from our team.");
    expect(say({ kind: "queued", ahead: 0 })).toBe("You're next in line for a person from our team.");
  });

  it("says nobody is online, asks for an email, then thanks once it is left", () => {
    const offline = run({ type: "requested" }, status({}));
    expect(offline).toEqual({ kind: "offline" });
    expect(wantsEmail(offline)).toBe(true);
    expect(say(offline)).toBe("No one from our team is online right now. Leave your email and a person will reply there.");
    const after = nextHandoffState(offline, { type: "emailLeft" });
    expect(after).toEqual({ kind: "followUp" });
    expect(wantsEmail(after)).toBe(false);
    // A status saying the email is on file keeps the thanks (a reconnect re-reads status).
    expect(nextHandoffState(after, status({ followUpEmail: true }))).toEqual({ kind: "followUp" });
  });

  it("outside chat hours says chat is closed now and when it opens, and asks for an email", () => {
    const closed = run(status({ closedUntil: "2026-12-05T13:00:00.000Z" }));
    expect(closed).toEqual({ kind: "closed", opensAt: "2026-12-05T13:00:00.000Z" });
    expect(say(closed)).toBe("Chat with our team is closed now. It opens tomorrow at 13:00 UTC. Leave your email and a person will reply there.");
    expect(wantsEmail(closed)).toBe(true);
    expect(nextHandoffState(closed, { type: "emailLeft" })).toEqual({ kind: "followUp" });
  });

  it("puts the customer in the queue outside hours when someone is online after all", () => {
    expect(run(status({ agentsOnline: 1, closedUntil: "2026-12-05T13:00:00.000Z" }))).toEqual({ kind: "queued", ahead: 0 });
  });

  it("shows who joined, and returns to Keel when the person hands back or resolves", () => {
    const joined = run(
      { type: "requested" },
      status({ agentsOnline: 1 }),
      status({ status: "agent", agent: { displayName: "Alex" }, agentsOnline: 1 }),
    );
    expect(joined).toEqual({ kind: "joined", agent: "Alex" });
    expect(say(joined)).toBe("You're chatting with Alex from our team.");
    expect(nextHandoffState(joined, status({ status: "bot" }))).toEqual(NO_HANDOFF);
    expect(nextHandoffState(joined, status({ status: "resolved" }))).toEqual(NO_HANDOFF);
    expect(say(NO_HANDOFF)).toBe("");
  });

  it("goes back to Keel when the request never reached the server, promising nothing", () => {
    expect(run({ type: "requested" }, { type: "failed" })).toEqual(NO_HANDOFF);
    expect(nextHandoffState({ kind: "offline" }, { type: "failed" })).toEqual({ kind: "offline" });
  });

  it("ignores a second request while waiting or served, and an email event when none was asked for", () => {
    const queued: HandoffState = { kind: "queued", ahead: 1 };
    expect(nextHandoffState(queued, { type: "requested" })).toBe(queued);
    expect(nextHandoffState(queued, { type: "emailLeft" })).toBe(queued);
    expect(nextHandoffState({ kind: "joined", agent: "Alex" }, { type: "requested" })).toEqual({ kind: "joined", agent: "Alex" });
  });

  it("has exactly one message per state, none of which contradicts another state's promise", () => {
    const states: HandoffState[] = [
      { kind: "connecting" },
      { kind: "queued", ahead: 0 },
      { kind: "queued", ahead: 4 },
      { kind: "joined", agent: "Alex" },
      { kind: "offline" },
      { kind: "closed", opensAt: "2026-12-05T13:00:00.000Z" },
      { kind: "followUp" },
    ];
    for (const s of states) {
      const m = say(s);
      expect(m.length, s.kind).toBeGreaterThan(0);
      // Only the nobody-online states say so; only the closed state names an opening time.
      expect(/online/.test(m), s.kind).toBe(s.kind === "offline");
      expect(/closed|opens/.test(m), s.kind).toBe(s.kind === "closed");
      expect(/in line|chatting|Finding/.test(m), s.kind).toBe(["connecting", "queued", "joined"].includes(s.kind));
    }
  });
});
