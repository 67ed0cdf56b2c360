-- What the host site tells Keel about the conversation (e.g. the order date), used as the
-- default "as of" date for answers about a past purchase.
ALTER TABLE conversations ADD COLUMN context jsonb NOT NULL DEFAULT '{}';
