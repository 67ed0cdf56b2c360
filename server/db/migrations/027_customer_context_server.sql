-- Customer context with suppression before personalisation (issue 17), the server's part. Until each
-- room kept its own migrations this column came with kb's 027_customer_context: a database that ran
-- that one already has it, hence IF NOT EXISTS.
-- The customer context the host site signed for this conversation (open issues, consent, tier);
-- null when none was passed or its signature did not match (unsigned context is never kept).
ALTER TABLE conversations ADD COLUMN IF NOT EXISTS signed_context jsonb;
