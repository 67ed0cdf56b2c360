// Policy owners' pages: the list (status, version, effective dates, review-by), an editor with a
// live preview, save as draft, replay and publish (optionally from a later date), version history
// with diffs, the audit trail, the change-impact list, and the gap and freshness reports.
import MarkdownIt from "markdown-it";
import type { AuditEntry, DiffLine, PolicySummary, VersionInfo } from "../../protocol/policies.ts";
import type { ImpactEntry } from "../../protocol/policy-reports.ts";
import { api, ApiError } from "./api.ts";
import { h, on } from "./dom.ts";
import { renderFreshness, renderGaps, replayNode, type Replay } from "./policy-reports.ts";

// Raw HTML in a policy is shown as text, never rendered (html: false); markdown-it also refuses
// javascript: and data: links by default.
const markdown = new MarkdownIt({ html: false, linkify: false });

type Detail = { policy: PolicySummary | null; versions: VersionInfo[]; latest: VersionInfo & { source: string } };

const NEW_POLICY = `---
id: new-policy
title: New policy
effective_from: ${new Date().toISOString().slice(0, 10)}
review_by: ${new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)}
---
# New policy
## First section
Write the rule here, one fact per sentence.
`;

const today = () => new Date().toISOString().slice(0, 10);
const errorText = (e: unknown) => h("p", { class: "error", role: "alert" }, (e as Error).message);
const stripFrontMatter = (source: string) => source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, "");

export function startPolicyPages(app: HTMLElement): void {
  const listPane = h("section", { class: "pane", "aria-label": "Policies" });
  const mainPane = h("section", { class: "pane", "aria-label": "Policy" });
  app.replaceChildren(h("div", { class: "policies-layout" }, listPane, mainPane));
  let selected: string | null = null;

  async function renderList(): Promise<void> {
    const { policies } = await api<{ policies: PolicySummary[] }>("GET", "/api/v1/policies");
    const table = h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", {}, "Policy"), h("th", {}, "Version"), h("th", {}, "Status · effective"), h("th", {}, "Review by"))),
    );
    const body = h("tbody");
    for (const p of policies) {
      const version =
        p.currentVersion === null
          ? `– (v${p.latestVersion})`
          : p.latestVersion !== p.currentVersion
            ? `v${p.currentVersion} (latest v${p.latestVersion})`
            : `v${p.currentVersion}`;
      body.append(
        h(
          "tr",
          { "data-policy": p.policy, class: p.policy === selected ? "selected" : "" },
          h(
            "td",
            {},
            on(h("a", { href: `#${p.policy}` }, p.title), "click", () => void openPolicy(p.policy)),
            p.handoffRequired ? h("div", { class: "meta" }, "hands off to a person") : null,
          ),
          h("td", {}, version),
          h(
            "td",
            {},
            h("span", { class: `status ${p.status}` }, p.status.replace(/_/g, " ")),
            p.effectiveFrom ? h("div", { class: "meta" }, `${p.effectiveFrom} → ${p.effectiveTo ?? "open"}`) : null,
          ),
          h("td", { class: p.review === "overdue" ? "overdue" : "" }, p.reviewBy ?? "—", p.review === "overdue" ? h("div", {}, "overdue") : null),
        ),
      );
    }
    table.append(body);
    listPane.replaceChildren(
      h("h2", {}, "Policies"),
      h(
        "div",
        { class: "row" },
        on(h("button", { type: "button" }, "New policy"), "click", () => openEditor(null, NEW_POLICY)),
        on(h("button", { type: "button" }, "Knowledge gaps"), "click", () => void show(renderGaps)),
        on(h("button", { type: "button" }, "Freshness"), "click", () => void show(renderFreshness)),
      ),
      table,
    );
  }

  async function show(report: (pane: HTMLElement) => Promise<void>): Promise<void> {
    selected = null;
    await report(mainPane).catch((e) => mainPane.replaceChildren(errorText(e)));
  }

  async function openPolicy(id: string, notice = ""): Promise<void> {
    selected = id;
    try {
      const d = await api<Detail>("GET", `/api/v1/policies/${encodeURIComponent(id)}`);
      await renderList();
      openEditor(d, d.latest.source, notice);
    } catch (e) {
      mainPane.replaceChildren(errorText(e));
    }
  }

  /** The editor for an existing policy (d) or a new one (d = null). */
  function openEditor(d: Detail | null, text: string, notice = ""): void {
    const id = d?.latest.policy ?? null;
    const source = h("textarea", { "aria-label": "Policy Markdown", "data-testid": "source", spellcheck: "true" }) as HTMLTextAreaElement;
    source.value = text;
    const preview = h("div", { class: "preview", "data-testid": "preview", "aria-label": "Preview", "aria-live": "off" });
    // markdown-it escapes everything it does not turn into Markdown elements (html: false).
    const renderPreview = () => (preview.innerHTML = markdown.render(stripFrontMatter(source.value)));
    source.addEventListener("input", renderPreview);
    renderPreview();
    const out = h("div", { "data-testid": "result", role: "status" }, notice ? h("p", { class: "ok" }, notice) : null);
    const effective = h("input", { type: "date", "aria-label": "Publish from (optional)" }) as HTMLInputElement;
    const tabBody = h("div");

    const save = on(h("button", { class: "primary", type: "button" }, id ? "Save draft" : "Create draft"), "click", async () => {
      try {
        if (!id) {
          const r = await api<{ version: VersionInfo }>("POST", "/api/v1/policies", { source: source.value });
          await openPolicy(r.version.policy, `Created ${r.version.policy} as draft version ${r.version.version}.`);
          return;
        }
        const r = await api<{ version: VersionInfo; created: boolean }>("PUT", `/api/v1/policies/${id}/draft`, { source: source.value });
        await openPolicy(
          id,
          r.created ? `Saved draft version ${r.version.version}. Replay it to see what changes, then publish.` : "No change from the latest version.",
        );
      } catch (e) {
        out.replaceChildren(errorText(e));
      }
    });

    async function publish(v: number, acknowledge = false): Promise<void> {
      const body = { ...(effective.value ? { effective_from: effective.value } : {}), ...(acknowledge ? { acknowledge_replay: true } : {}) };
      try {
        const r = await api<{ version: VersionInfo }>("POST", `/api/v1/policies/${id}/versions/${v}/publish`, body);
        await openPolicy(id!, `Published version ${r.version.version}, effective ${r.version.effectiveFrom}.`);
      } catch (e) {
        // The server may ask the owner to look at what changes before publishing.
        if (e instanceof ApiError && e.code === "replay_changes" && e.details) {
          out.replaceChildren(
            h("p", { class: "warn" }, e.message),
            replayNode(e.details as Replay),
            on(
              h("button", { class: "primary", type: "button", "data-acknowledge": String(v) }, "Publish anyway — I reviewed these changes"),
              "click",
              () => void publish(v, true),
            ),
          );
        } else out.replaceChildren(errorText(e));
      }
    }

    async function replay(v: number): Promise<void> {
      out.replaceChildren(h("p", { class: "meta" }, `Replaying recent questions and eval cases against v${v}…`));
      try {
        out.replaceChildren(replayNode(await api<Replay>("GET", `/api/v1/policies/${id}/versions/${v}/replay`)));
      } catch (e) {
        out.replaceChildren(errorText(e));
      }
    }

    async function showDiff(from: number, to: number): Promise<void> {
      try {
        const r = await api<{ lines: DiffLine[]; added: number; removed: number }>("GET", `/api/v1/policies/${id}/diff?from=${from}&to=${to}`);
        tabBody.replaceChildren(
          h("h3", {}, `Changes from v${from} to v${to}: +${r.added} −${r.removed}`),
          h(
            "div",
            { class: "diff", "data-testid": "diff" },
            ...r.lines.map((l) => h("div", { class: l.op }, `${l.op === "added" ? "+ " : l.op === "removed" ? "− " : "  "}${l.text}`)),
          ),
        );
      } catch (e) {
        tabBody.replaceChildren(errorText(e));
      }
    }

    function versionsTab(): void {
      if (!d) return;
      const table = h("table", {}, h("thead", {}, h("tr", {}, ...["v", "status", "effective", "review by", "by", ""].map((c) => h("th", {}, c)))));
      for (const v of [...d.versions].reverse()) {
        table.append(
          h(
            "tr",
            { "data-version": String(v.version) },
            h("td", {}, String(v.version)),
            h(
              "td",
              {},
              h("span", { class: `status ${v.status}` }, v.status),
              v.version === d.policy?.currentVersion ? h("div", { class: "meta" }, "in force") : null,
            ),
            h("td", {}, `${v.effectiveFrom}${v.effectiveTo ? ` → ${v.effectiveTo}` : ""}`),
            h("td", {}, v.reviewBy ?? "—"),
            h("td", {}, v.createdBy ?? "", h("div", { class: "meta" }, v.createdAt.slice(0, 16).replace("T", " "))),
            h(
              "td",
              { class: "row tight" },
              // A draft, or a version scheduled for a later date: what would change when it takes effect.
              v.status === "draft" || (v.status === "published" && v.effectiveFrom > today())
                ? on(h("button", { type: "button", "data-replay": String(v.version) }, "Replay"), "click", () => void replay(v.version))
                : null,
              v.status === "draft"
                ? on(
                    h("button", { class: "primary", type: "button", "data-publish": String(v.version) }, "Publish"),
                    "click",
                    () => void publish(v.version),
                  )
                : null,
              v.version > 1
                ? on(
                    h("button", { type: "button", "data-diff": String(v.version) }, `Diff v${v.version - 1}→v${v.version}`),
                    "click",
                    () => void showDiff(v.version - 1, v.version),
                  )
                : null,
            ),
          ),
        );
      }
      tabBody.replaceChildren(table);
    }

    async function auditTab(): Promise<void> {
      const r = await api<{ entries: AuditEntry[] }>("GET", `/api/v1/policies/${id}/audit`);
      tabBody.replaceChildren(
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, ...["when", "action", "version", "who"].map((c) => h("th", {}, c)))),
          ...r.entries.map((e) =>
            h(
              "tr",
              {},
              h("td", {}, e.at.slice(0, 16).replace("T", " ")),
              h("td", {}, e.action.replace(/_/g, " ")),
              h("td", {}, e.version ? `v${e.version}` : ""),
              h("td", {}, e.actor),
            ),
          ),
        ),
      );
    }

    async function impactTab(): Promise<void> {
      const r = await api<{ currentVersion: number | null; answers: ImpactEntry[] }>("GET", `/api/v1/policies/${id}/impact`);
      tabBody.replaceChildren(
        h(
          "p",
          { class: "meta" },
          `Answers Keel gave from a version other than the one in force (v${r.currentVersion ?? "–"}): did customers hear something that no longer holds?`,
        ),
        ...(r.answers.length
          ? r.answers.map((a) =>
              h(
                "div",
                { class: "change", "data-impact": a.turn },
                h(
                  "p",
                  { class: "meta" },
                  `${a.at.slice(0, 16).replace("T", " ")} · v${a.version} §${a.section} · ${a.outcome} · conversation ${a.conversation}`,
                ),
                h("blockquote", {}, a.quote),
              ),
            )
          : [h("p", {}, "None: every answer cited the version in force.")]),
      );
    }

    const tabs = h("div", { class: "tabs", role: "tablist" });
    const tabList: [string, () => void | Promise<void>][] = [
      ["Versions", versionsTab],
      ["Audit trail", auditTab],
      ["Change impact", impactTab],
    ];
    for (const [label, fn] of tabList) {
      tabs.append(
        on(h("button", { type: "button", role: "tab", "aria-selected": label === "Versions" ? "true" : "false" }, label), "click", async (e) => {
          tabs.querySelectorAll("button").forEach((b) => b.setAttribute("aria-selected", String(b === e.currentTarget)));
          try {
            await fn();
          } catch (err) {
            tabBody.replaceChildren(errorText(err));
          }
        }),
      );
    }

    const p = d?.policy;
    mainPane.replaceChildren(
      h(
        "div",
        { class: "row tight" },
        h("h2", {}, p?.title ?? d?.latest.title ?? "New policy"),
        p ? h("span", { class: `status ${p.status}` }, p.status.replace(/_/g, " ")) : null,
        p
          ? h(
              "span",
              { class: "meta" },
              `in force: ${p.currentVersion ? `v${p.currentVersion}` : "none"} · latest: v${p.latestVersion}${p.owner ? ` · owner ${p.owner}` : ""}`,
            )
          : null,
      ),
      h("div", { class: "editor" }, source, preview),
      h("div", { class: "row" }, save, id ? h("label", { class: "meta" }, "Publish from ", effective, " (empty: today)") : null),
      out,
      ...(id ? [tabs, tabBody] : []),
    );
    versionsTab();
  }

  void renderList().catch((e) => listPane.replaceChildren(errorText(e)));
  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (fromHash) void openPolicy(fromHash);
  else void show(renderGaps);
}
