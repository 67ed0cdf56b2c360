// The transcript follows the conversation: it stays on the newest message while the agent is at
// the bottom (whatever grows or shrinks around it: a check result, Keel's draft, the buttons a
// claim adds), and once the agent scrolls up to read, new messages wait behind a "new messages"
// pill instead of pulling the view away. The agent's own messages always bring it down.
import { h, on } from "./dom.ts";

/** How close to the bottom still counts as reading the newest message (px). */
const AT_BOTTOM_PX = 32;

export type TranscriptFollower = {
  /** Call after appending a message; `own`: the agent wrote it. */
  added(own: boolean): void;
  /** Shows the newest message and forgets the unseen count. */
  toNewest(): void;
};

export function followTranscript(transcript: HTMLElement, frame: HTMLElement): TranscriptFollower {
  const pill = h("button", { type: "button", class: "new-messages", hidden: true, "data-testid": "new-messages" });
  frame.append(pill);
  let pinned = true;
  let unseen = 0;
  const atBottom = () => transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight <= AT_BOTTOM_PX;

  function toNewest(): void {
    pinned = true;
    unseen = 0;
    pill.hidden = true;
    transcript.scrollTop = transcript.scrollHeight;
  }

  // Only the agent's own scrolling unpins; a scroll we caused lands at the bottom and keeps it.
  transcript.addEventListener("scroll", () => {
    pinned = atBottom();
    if (pinned && unseen) toNewest();
  });
  // The transcript shrinks when the reply box grows: keep the newest message in view.
  new ResizeObserver(() => {
    if (pinned) transcript.scrollTop = transcript.scrollHeight;
  }).observe(transcript);
  on(pill, "click", () => toNewest());

  return {
    added(own) {
      if (own || pinned) return toNewest();
      unseen++;
      pill.textContent = `${unseen} new message${unseen === 1 ? "" : "s"} ↓`;
      pill.hidden = false;
    },
    toNewest,
  };
}
