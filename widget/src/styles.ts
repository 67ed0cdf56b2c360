// The widget's styles, inside its shadow root: nothing leaks in or out. Hosts theme it with
// CSS variables set on the page (custom properties inherit into the shadow tree):
//   --keel-accent, --keel-accent-text, --keel-radius, --keel-font, --keel-z
export const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { --accent: var(--keel-accent, #1f5eff); --accent-text: var(--keel-accent-text, #fff); --radius: var(--keel-radius, 14px);
  font-family: var(--keel-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif); font-size: 15px; color: #1d2430; }
button { font: inherit; cursor: pointer; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: var(--keel-z, 2147483000); border: 0; border-radius: 999px;
  background: var(--accent); color: var(--accent-text); padding: 12px 18px; font-weight: 600; box-shadow: 0 6px 20px rgba(0,0,0,.2);
  display: inline-flex; align-items: center; gap: 8px; }
.launcher .icon { width: 18px; height: 18px; border-radius: 50% 50% 50% 4px; border: 2px solid currentColor; flex: none; }
.launcher[aria-expanded="true"] .icon { border-radius: 50%; border-width: 0; position: relative; }
.launcher[aria-expanded="true"] .icon::before, .launcher[aria-expanded="true"] .icon::after { content: ""; position: absolute; left: 8px; top: 1px; width: 2px; height: 16px; background: currentColor; transform: rotate(45deg); }
.launcher[aria-expanded="true"] .icon::after { transform: rotate(-45deg); }
.badge:empty { display: none; }
.badge { background: #b3261e; color: #fff; border-radius: 999px; padding: 1px 8px; font-size: 12px; font-weight: 700; box-shadow: 0 0 0 2px #fff; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, summary:focus-visible, .log:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: var(--keel-z, 2147483000); width: 380px; height: min(620px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: #fff; border-radius: var(--radius); box-shadow: 0 12px 40px rgba(0,0,0,.25); overflow: hidden; }
.panel[hidden] { display: none; }
header { background: var(--accent); color: var(--accent-text); padding: 12px 8px 12px 16px; display: flex; align-items: center; gap: 8px; }
.titles { flex: 1; min-width: 0; }
header h2 { font-size: 16px; margin: 0; }
header p { margin: 2px 0 0; font-size: 12px; }
.close { background: transparent; border: 0; color: inherit; font-size: 24px; line-height: 1; padding: 4px 10px; border-radius: 8px; }
.status { font-size: 13px; padding: 6px 14px; background: #fff7e0; color: #5c4400; }
.status:empty { display: none; }
.handoff { padding: 8px 14px; background: #eef3ff; color: #1d2a4d; border-bottom: 1px solid #d5def5; font-size: 13px; }
.handoff[hidden] { display: none; }
.handoff[data-state="offline"], .handoff[data-state="closed"] { background: #fff7e0; color: #4d3900; border-color: #f0deb0; }
.handoff[data-state="joined"] { background: #ecf7ee; color: #1c4424; border-color: #c9e6cf; }
.handoff-text { margin: 0; }
form.email[hidden] { display: none; }
.welcome { display: grid; gap: 8px; }
.greeting { margin: 0; padding: 10px 12px; background: #fff; border: 1px solid #e1e4ea; border-radius: 12px; line-height: 1.4; max-width: 88%; }
.suggestions { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; }
.suggestions:empty { display: none; }
.suggestion { background: #fff; color: #1a3f8f; border: 1px solid #9db3e6; border-radius: 999px; padding: 6px 12px; font-size: 14px; text-align: left; max-width: 100%; }
.suggestion:hover { background: #eef3ff; }
.disconnected .status { background: #fdecea; color: #8c1d18; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; background: #f6f7f9; }
.msg { max-width: 88%; padding: 9px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.4; }
.msg .who { display: block; font-size: 12px; font-weight: 600; color: #4a5263; margin-bottom: 2px; }
.msg.customer .who { color: inherit; }
.msg.customer { align-self: flex-end; background: var(--accent); color: var(--accent-text); }
.msg.keel, .msg.agent, .msg.streaming { align-self: flex-start; background: #fff; border: 1px solid #e1e4ea; }
.msg.agent { border-color: #9bc2a3; background: #f3faf4; }
.msg.streaming { border-style: dashed; }
.msg.system { align-self: center; max-width: 100%; background: transparent; font-size: 12px; color: #4f5666; text-align: center; }
.msg.pending { opacity: .65; }
.msg.failed { opacity: 1; outline: 2px solid #c62828; }
.retry { display: block; margin-top: 6px; background: #fff; color: #8c1d18; border: 1px solid #c62828; border-radius: 8px; padding: 2px 8px; font-size: 12px; }
.unconfirmed { margin-top: 8px; padding: 8px; border-radius: 8px; background: #fff4e5; color: #5c3300; font-size: 13px; white-space: normal; }
.unconfirmed strong::before { content: "⚠ "; }
.unconfirmed .offer { display: block; margin-top: 6px; }
.staffed .offer, .staffed .actions { display: none; }
.sources { margin-top: 6px; border-top: 1px solid #eef0f4; padding-top: 4px; white-space: normal; }
.sources-toggle { background: none; border: 0; padding: 2px 0; color: #2d4a8a; font-size: 13px; font-weight: 600; }
.sources-toggle::after { content: " ▸"; }
.sources-toggle[aria-expanded="true"]::after { content: " ▾"; }
.source-list { margin: 4px 0 0; padding-left: 18px; font-size: 12px; display: grid; gap: 6px; }
.source-list[hidden] { display: none; }
.source-name { font-weight: 600; color: #333b4a; }
blockquote { margin: 2px 0 0; padding: 4px 8px; border-left: 3px solid #c9d3ea; color: #333b4a; white-space: pre-wrap; }
.typing { font-size: 12px; color: #5a6272; padding: 2px 14px; min-height: 20px; background: #f6f7f9; }
.dots { display: inline-block; animation: blink 1.2s infinite; margin-left: 2px; }
@keyframes blink { 50% { opacity: .2; } }
@media (prefers-reduced-motion: reduce) { .dots { animation: none; } }
form.compose { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e1e4ea; background: #fff; }
textarea { flex: 1; resize: none; font: inherit; padding: 9px 10px; border: 1px solid #c5cad3; border-radius: 10px; min-height: 42px; max-height: 120px; }
.primary { background: var(--accent); color: var(--accent-text); border: 0; border-radius: 10px; padding: 0 16px; font-weight: 600; }
.secondary { background: #fff; color: #2d4a8a; border: 1px solid #c5cad3; border-radius: 999px; padding: 5px 12px; font-size: 13px; }
.actions { display: flex; gap: 8px; padding: 8px 12px 0; background: #fff; }
form.email { display: flex; gap: 6px; margin-top: 6px; }
form.email input { flex: 1; min-width: 0; font: inherit; padding: 6px 8px; border: 1px solid #c5cad3; border-radius: 8px; }
.rating-slot { flex: none; max-height: 60%; overflow-y: auto; border-top: 1px solid #e1e4ea; background: #fff; }
.rating-slot:empty { display: none; }
.rating { padding: 8px 12px; display: grid; gap: 6px; align-content: start; }
.rate-top { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.rating h3 { margin: 0; font-size: 15px; }
.rating .choices { display: flex; gap: 8px; }
.rating .choice { flex: 1; background: #fff; color: #1d2430; border: 1px solid #8c96a8; border-radius: 10px; padding: 6px; font-weight: 600; }
.rating .choice[aria-pressed="true"] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
.rating .details { display: grid; gap: 6px; }
.rating .details[hidden] { display: none; }
.rating fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 6px; }
.rating legend { font-size: 13px; margin-bottom: 2px; padding: 0; }
.rating .star { display: inline-flex; align-items: center; gap: 2px; border: 1px solid #8c96a8; border-radius: 8px; padding: 2px 8px; cursor: pointer; }
.rating .star:has(input:checked) { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent); }
.rating .comment-label { font-size: 13px; }
.rating .comment-row { display: flex; gap: 8px; }
.rating textarea { min-height: 40px; }
.rating .primary { padding: 0 14px; }
.rating .dismiss { flex: none; }
.rate-status { margin: 0; font-size: 13px; color: #1d2430; }
.rate-status:empty { display: none; }
.rate-thanks { margin: 0; font-weight: 600; }
.error { color: #8c1d18; margin: 4px 0 0; }
.error:empty { display: none; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; }
  .launcher { right: 12px; bottom: 12px; }
  textarea { font-size: 16px; }
}
`;
