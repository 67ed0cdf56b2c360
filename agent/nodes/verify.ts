// verify: checks every drafted sentence against the passage it cites (numbers, names, negations)
// and, in model mode, asks the model to judge support too. Unsupported sentences are removed.
// Also decides each customer premise: supported, contradicted (with the correcting passage) or unsupported.
import { judgeRequest, judgeWithModel } from "../answer/model.ts";
import type { AgentDeps } from "../deps.ts";
import type { State, Update } from "../state.ts";
import { checkClaim } from "../verify/claims.ts";
import { claimCheckOf } from "../verify/reasons.ts";
import { questionStats } from "../answer/question-stats.ts";
import { checkPremises, governingRules, passagesOf, type RulePicker } from "../verify/premise-check.ts";
import { readQuestion } from "../answerability/question.ts";
import { confidence, scoreUnits } from "../answerability/compose.ts";
import { claimKindOf } from "../answer/answer-kind.ts";
import { NEGATION_WORDS } from "../../kb/text/terms.ts";
import { kbLexicon } from "../answerability/lexicon.ts";
import { aboutProduct, bindProduct } from "../answerability/products.ts";

export function makeVerify(deps: AgentDeps) {
  return async function verify(state: State): Promise<Update> {
    const draft = state.draft!;
    const byChunk = new Map(state.hits.map((h) => [h.chunkId, h]));
    const checks = draft.sentences.map((s) => {
      const hit = byChunk.get(s.chunkId);
      return hit ? checkClaim(s.text, passagesOf([hit])) : checkClaim(s.text, []);
    });
    let kept = draft.sentences
      .map((s, i) => ({ s, check: checks[i]! }))
      .filter(({ check }) => check.supported)
      // Cite the exact sentence that supports the claim.
      .map(({ s, check }) => ({ ...s, citation: { ...s.citation, quote: check.evidence ?? s.citation.quote } }));
    const exposures = [...state.exposures];
    let modelError = state.modelError;
    // Sentences judged while the answer streamed keep that verdict; the rest are judged here.
    kept = kept.filter(({ judged }) => judged !== false);
    const unjudged = kept.filter(({ judged }) => judged === undefined);
    if (draft.source === "model" && unjudged.length && deps.chat) {
      const request = judgeRequest(
        deps,
        unjudged.map((s) => ({ text: s.text, quote: s.citation.quote })),
      );
      exposures.push(request.exposure);
      try {
        const supported = await judgeWithModel(deps, request);
        const rejected = new Set(unjudged.filter((_, i) => !supported[i]));
        kept = kept.filter((s) => !rejected.has(s));
      } catch (err) {
        // The deterministic check already passed these sentences; log and keep them.
        modelError = `judge: ${(err as Error).message}`.slice(0, 300);
        deps.log("warn", "model judgement failed; keeping deterministically verified sentences", {
          conversation: state.conversationId,
          reason: modelError,
        });
      }
    }
    // Pushback is weighed against the same evidence as the answer it disputes ("it's 45 days" is
    // about the return window just quoted, not any passage that mentions days).
    const premiseHits = state.signals?.pushback ? state.hits : dedupe([...state.premiseHits, ...state.hits]);
    // Each premise is read against the passages about the product it names, never a sibling's
    // ("the Blue Account's fee is $12" is not confirmed or corrected by another account's $12).
    // Read once per turn (cached until the KB changes): titles bind products, vocabulary reads claims.
    const lexicon = state.signals?.premises.length ? await kbLexicon(deps.pool) : null;
    const about = (claim: string, hits: typeof premiseHits) => aboutProduct(bindProduct(claim, lexicon?.titles ?? [], lexicon?.df), hits);
    let premises = (state.signals?.premises ?? []).flatMap((p) => checkPremises([p], about(p.claim, premiseHits)));
    let ruleProbability = 0;
    if (premises.some((p) => p.verdict !== "supported")) {
      const stats = await questionStats(deps.pool, premises.map((p) => p.claim).join("\n"));
      // The rule that governs a claim is the unit the answerability ranker would answer it with.
      const pick: RulePicker = (claim, hits) => {
        const reading = readQuestion(claim.replace(NEGATION_WORDS, " "), stats, lexicon?.df);
        const scored = scoreUnits(
          { ...reading, kind: claimKindOf(claim) },
          hits,
          bindProduct(claim, lexicon?.titles ?? [], lexicon?.df),
          deps.answerability,
        );
        const best = scored[0];
        if (!best) return null;
        // How sure the model is that this rule speaks to the claim: the grounding of a correction.
        ruleProbability = Math.max(ruleProbability, confidence(deps.answerability, scored));
        return { hit: best.unit.hit, text: best.unit.text };
      };
      premises = premises.map((p) => governingRules([p], about(p.claim, premiseHits), stats, pick)[0]!);
    }
    const top = state.hits[0];
    const rival = state.hits.find((h) => top && h.policy !== top.policy);
    return {
      draft: { ...draft, sentences: kept, gap: kept.length ? null : (draft.gap ?? "no drafted sentence was supported by its passage") },
      premises,
      grounding: {
        supportedShare: draft.sentences.length ? checks.filter((c) => c.supported).length / draft.sentences.length : 0,
        claims: checks.map(claimCheckOf),
        retrievalMargin: top ? top.score - (rival?.score ?? 0) : 0,
        coverage: draft.coverage ?? 1,
        // The answerability model's probability, discounted by the claims that failed verification.
        ...(draft.answerability !== undefined && {
          answerability: draft.sentences.length
            ? draft.answerability * (checks.filter((c) => c.supported).length / draft.sentences.length)
            : // Nothing answered: a reply that corrects a premise is as grounded as the rule it quotes.
              ruleProbability,
        }),
      },
      exposures,
      modelError,
    };
  };
}

function dedupe<T extends { chunkId: number }>(hits: T[]): T[] {
  const seen = new Set<number>();
  return hits.filter((h) => !seen.has(h.chunkId) && seen.add(h.chunkId));
}
