-- The chunk count kept beside the term frequencies (term ''), so IDF needs no count(*) per query.
INSERT INTO kb_terms (term, df) SELECT '', count(*)::int FROM chunks ON CONFLICT (term) DO NOTHING;
