-- Customer context with suppression before personalisation (issue 17).
-- A policy's kind: 'promotion' (offers, upsells, loyalty promotions) is never quoted to a customer
-- with an open service issue or without marketing consent.
ALTER TABLE policy_versions ADD COLUMN kind text NOT NULL DEFAULT 'policy' CHECK (kind IN ('policy', 'promotion'));
-- The customer context the host site signed for this conversation (open issues, consent, tier);
-- null when none was passed or its signature did not match (unsigned context is never kept).
ALTER TABLE conversations ADD COLUMN signed_context jsonb;
-- Which customer fields each answer used ("open_issues", "consent.marketing", "tier"), for the
-- console and `keel audit exposures`.
ALTER TABLE agent_turns ADD COLUMN customer_fields jsonb NOT NULL DEFAULT '[]';
