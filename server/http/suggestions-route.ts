// GET /api/v1/suggestions: the questions the widget offers before a customer types (issue 18).
// Public like the rest of the customer side, so rate-limited per address; only sample questions
// of customer policies in force, never a staff document's (kb/suggested-questions.ts).
import express from "express";
import { z } from "zod";
import { suggestedQuestions } from "../../kb/suggested-questions.ts";
import { turnReader } from "../../agent/store/turns.ts";
import type { Limits } from "../limits/rate-limits.ts";
import { parseOr400 } from "./errors.ts";

/** At most three chips fit above the message box on a phone. */
export const MAX_SUGGESTIONS = 3;

export const suggestionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(MAX_SUGGESTIONS).optional() }).strict();
export const suggestionsResponse = z.object({ questions: z.array(z.string()).max(MAX_SUGGESTIONS) });

export function suggestionsRouter(pool: Parameters<typeof suggestedQuestions>[0], limits: Limits): express.Router {
  const router = express.Router();
  router.get("/", limits.http("suggestions"), async (req, res) => {
    const { limit } = parseOr400(suggestionsQuery, req.query, "query");
    const questions = await suggestedQuestions(pool, turnReader, { limit: limit ?? MAX_SUGGESTIONS });
    // The widget runs on the host's origin; a minute's caching spares the database on busy pages.
    res.set({ "access-control-allow-origin": "*", "cache-control": "public, max-age=60" });
    res.json(suggestionsResponse.parse({ questions }));
  });
  return router;
}
