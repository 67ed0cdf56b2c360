// Where a request for a person stands, as one small state machine the widget renders: each state
// has exactly one message, so the customer never reads "finding someone…" beside "no one is
// online", nor chat hours while chat is closed. Pure: events in, state out; words come from i18n.
import type { StatusEvent } from "../../protocol/messages.ts";
import { fill, type Strings } from "./i18n.ts";

export type HandoffState =
  /** Keel is answering; no person asked for. */
  | { kind: "none" }
  /** The customer asked; the server has not said yet where the request stands. */
  | { kind: "connecting" }
  /** Waiting for a person who is online: `ahead` customers are before this one. */
  | { kind: "queued"; ahead: number | null }
  /** A person owns the conversation. */
  | { kind: "joined"; agent: string | null }
  /** Nobody online (within chat hours, or no hours set): leave an email. */
  | { kind: "offline" }
  /** Outside chat hours with nobody online: closed now, opens at `opensAt` (ISO); leave an email. */
  | { kind: "closed"; opensAt: string }
  /** Nobody online and the customer left an email: a person will write. */
  | { kind: "followUp" };

export type HandoffEvent =
  | { type: "requested" }
  /** The request did not reach the server (offline, rate-limited): back to Keel, nothing promised. */
  | { type: "failed" }
  | {
      type: "status";
      status: Pick<StatusEvent, "status" | "agent" | "agentsOnline" | "followUpEmail"> & Partial<Pick<StatusEvent, "queueAhead" | "closedUntil">>;
    }
  | { type: "emailLeft" };

export const NO_HANDOFF: HandoffState = { kind: "none" };

export function nextHandoffState(state: HandoffState, event: HandoffEvent): HandoffState {
  switch (event.type) {
    case "requested":
      // A second press while already waiting or served changes nothing.
      return state.kind === "none" ? { kind: "connecting" } : state;
    case "failed":
      return state.kind === "connecting" ? NO_HANDOFF : state;
    case "emailLeft":
      return state.kind === "offline" || state.kind === "closed" ? { kind: "followUp" } : state;
    case "status": {
      const s = event.status;
      if (s.status === "agent") return { kind: "joined", agent: s.agent?.displayName ?? null };
      if (s.status !== "queued") return NO_HANDOFF;
      // Someone online can take it whatever the hours say.
      if (s.agentsOnline > 0) return { kind: "queued", ahead: s.queueAhead ?? null };
      if (s.followUpEmail) return { kind: "followUp" };
      return s.closedUntil ? { kind: "closed", opensAt: s.closedUntil } : { kind: "offline" };
    }
  }
}

/** Whether the state asks for an email (and the widget shows the email box under its message). */
export function wantsEmail(state: HandoffState): boolean {
  return state.kind === "offline" || state.kind === "closed";
}

/** The one message of a state ("" for none). `formatTime` turns the opening time into words
 *  (the widget uses the page's locale and the customer's time zone). */
export function handoffMessage(state: HandoffState, t: Strings, formatTime: (iso: string) => string): string {
  switch (state.kind) {
    case "none":
      return "";
    case "connecting":
      return t.handoffConnecting;
    case "queued":
      return state.ahead === null || state.ahead === 0 ? t.handoffNext : fill(t.handoffQueued, { position: String(state.ahead + 1) });
    case "joined":
      return fill(t.handoffJoined, { name: state.agent ?? t.support });
    case "offline":
      return t.handoffOffline;
    case "closed":
      return fill(t.handoffClosed, { time: formatTime(state.opensAt) });
    case "followUp":
      return t.handoffFollowUp;
  }
}
