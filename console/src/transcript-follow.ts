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

  // Only scrolling up unpins. A scroll event can arrive after the layout moved on (the reply box
  // grew in the same frame), so "not at the bottom" alone is no sign the agent wants to read back.
  let lastTop = transcript.scrollTop;
  transcript.addEventListener("scroll", () => {
    if (atBottom()) {
      pinned = true;
      if (unseen) toNewest();
    } else if (transcript.scrollTop < lastTop) pinned = false;
    lastTop = transcript.scrollTop;
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
