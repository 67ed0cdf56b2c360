-- Customer context with suppression before personalisation (issue 17).
-- This migration once also added conversations.signed_context and agent_turns.customer_fields: since
-- each room keeps its own migrations, those are the server's 027_customer_context_server and the
-- agent's 027_customer_context_agent, which a database that ran the whole of it finds already done.
-- A policy's kind: 'promotion' (offers, upsells, loyalty promotions) is never quoted to a customer
-- with an open service issue or without marketing consent.
ALTER TABLE policy_versions ADD COLUMN kind text NOT NULL DEFAULT 'policy' CHECK (kind IN ('policy', 'promotion'));
