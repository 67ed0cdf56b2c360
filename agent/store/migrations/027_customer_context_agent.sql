-- Customer context with suppression before personalisation (issue 17), the agent's part. Until each
-- room kept its own migrations this column came with kb's 027_customer_context: a database that ran
-- that one already has it, hence IF NOT EXISTS.
-- Which customer fields each answer used ("open_issues", "consent.marketing", "tier"), for the
-- console and `keel audit exposures`.
ALTER TABLE agent_turns ADD COLUMN IF NOT EXISTS customer_fields jsonb NOT NULL DEFAULT '[]';
