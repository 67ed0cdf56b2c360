-- Document frequencies of the offline embedder's terms, kept as chunks are written, so a query
-- can weigh rare words above words every policy uses ("order", "item"). Learned from the KB itself.
CREATE TABLE kb_terms (
  term text PRIMARY KEY,
  df   integer NOT NULL CHECK (df >= 0)
);
