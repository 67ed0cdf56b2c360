// Constants that are policy, in one place, each with the reason for its value.

/** Vector width stored in chunks.embedding (the HNSW index needs a fixed width). OpenAI's
 *  text-embedding-3 models accept a `dimensions` parameter, so one width serves both embedders. */
export const EMBEDDING_DIMENSIONS = 384;

/** A chunk longer than this is split at paragraph boundaries so a citation can quote it whole. */
export const MAX_CHUNK_CHARS = 1200;

/** Reciprocal-rank-fusion constant (Cormack et al. use 60): damps the weight of the top ranks. */
export const RRF_K = 60;

/** Weight of each retriever in the fusion: the concept-aware vectors rank paraphrases better than
 *  the widened OR full-text query, which mostly rescues exact terms (tuned on evals/cases/retrieval.jsonl). */
export const RRF_WEIGHTS = { semantic: 1.0, lexical: 0.5 } as const;

/** How many candidates each retriever contributes before fusion. */
export const RETRIEVAL_CANDIDATES = 40;

/** Largest customer message Keel accepts, in characters: long enough for a complaint, short enough to bound work. */
export const MAX_MESSAGE_CHARS = 4000;

/** Largest policy document accepted by import, in characters. */
export const MAX_POLICY_CHARS = 200_000;

/** Thresholds of the offline answer composer (agent/answer/extractive.ts), tuned on evals/cases. */
export const ANSWER = {
  /** How much a passage's retrieval rank discounts its sentences (1 / (1 + rank * penalty)): mild,
   *  since fused retrieval scores of the top passages are close and the sentence decides. */
  rankPenalty: 0.03,
  /** Bonus for a sentence that has the kind of fact asked for (a duration for "how long", an amount
   *  for "how much"); a "how long/how much/how many" question takes it off a sentence without one. */
  typeBonus: 0.3,
  /** Bonus for a sentence that speaks to the customer's own figure ("$800" in "$500 to $999.99"). */
  quantityBonus: 0.25,
  /** Weight of the whole passage's coverage of the question: a sentence is read in its passage. */
  passageWeight: 0.3,
  /** Bonus (times the share of the question its section heading names) for the section about it. */
  headingBonus: 0.15,
  /** Penalty for a passage whose headings are about something the customer said does not apply. */
  negatedPenalty: 0.3,
  /** Penalty for a sentence that defers to another policy: quote that policy instead. */
  crossReferencePenalty: 0.2,
  /** Penalty for a sentence that leaves out a name the question asks about (Klarna) when its
   *  passage names it elsewhere: it is about another name (Affirm). */
  otherNamePenalty: 0.5,
  /** Penalty for a section's first sentence that points back to nothing ("This action…"). */
  danglingReferencePenalty: 0.15,
  /** The first sentence of a section usually states its rule; later ones qualify it. */
  leadBonus: 0.05,
  /** Weight of the share of a sentence's distinctive words the question did not ask about. */
  extraPenalty: 0.15,
  /** Passages whose sentences compete to answer. */
  passagesConsidered: 8,
  /** The answering sentence, read with its headings, must cover this share of the question's
   *  weighted words; below it the nearest policy is about something else: refuse. */
  minCoverage: 0.42,
  /** At most this many sentences are quoted: enough for a rule and its exception. */
  maxSentences: 2,
  /** A sentence with the kind of fact asked for replaces a better-matching one without it when it
   *  scores at least this fraction of it ("how long…?" wants a duration). */
  typedRunnerUpRatio: 0.5,
  /** A second sentence must score at least this fraction of the first. */
  companionRatio: 0.7,
  /** Weight of a question word the KB has never used (often a product name), against ~1 for a mid-frequency word. */
  unknownWordWeight: 0.35,
  /** Above this share of the question's weight in words the KB never uses, the question is about
   *  something the policies do not cover, however well the rest matches. */
  maxUnknownShare: 0.45,
  /** Words ranked above this in spoken English ("allow", "paid") never count as an unknown topic. */
  commonWordRank: 1000,
} as const;

/** Server-side limits (server/): long enough for real use, short enough to stop abuse. */
/** A console sign-in lasts a working day and a half, then the agent signs in again. */
export const STAFF_SESSION_HOURS = 36;
/** A staff API token (scripts, integrations) lasts a quarter by default, so a forgotten token
 *  does not stay valid for ever; `keel users token --days` chooses another lifetime. */
export const STAFF_API_TOKEN_DAYS = 90;
/** Longest lifetime `keel users token --days` accepts: a year, after which a token is rotated. */
export const MAX_STAFF_API_TOKEN_DAYS = 366;
/** How often each server re-reads the sessions behind its open staff sockets: a session ended
 *  where no Redis relays the news (a CLI without REDIS_URL, an expiry) closes within this. */
export const STAFF_SESSION_RECHECK_MS = 30_000;
/** Counts per client address are "the forwarded address when a trusted proxy sends it, else the TCP
 *  peer" for HTTP and sockets alike (server/limits/client-address.ts). */
export const RATE_LIMITS = {
  /** New conversations per address per minute: a person opens a few; a script opens many. */
  conversationsPerMinute: 20,
  /** Customer messages per address per minute, HTTP and socket together. */
  messagesPerMinute: 60,
  /** Customer messages per conversation per minute, HTTP and socket together: a person types
   *  one every few seconds at most. */
  conversationMessagesPerMinute: 30,
  /** Customer messages from one address being answered at once (accepted, reply not yet sent).
   *  Keel answers a turn in ~50 ms of one shared CPU: eight waiting turns bound the delay one
   *  address can add to everyone else's replies to well under a second, while eight people behind
   *  one office NAT can still each have a question in flight. */
  turnsInFlightPerAddress: 8,
  /** Transcript reads per conversation per minute: the widget reads once per (re)connection; an
   *  HTTP client polling every two seconds reads 30. */
  transcriptReadsPerMinute: 60,
  /** Transcript reads per address per minute (many conversations behind one NAT). */
  transcriptReadsPerAddressPerMinute: 600,
  /** "Talk to a person" and follow-up email per conversation per minute: each opens or changes a
   *  ticket agents see, so a repeated press must not flood the queue. */
  handoffRequestsPerMinute: 5,
  /** The same per address per minute. */
  handoffRequestsPerAddressPerMinute: 30,
  /** Ratings per conversation per minute: a customer rates once and may correct it (a second
   *  rating replaces the first), so a handful is plenty. */
  ratingsPerMinute: 5,
  /** The same per address per minute (many customers behind one NAT). */
  ratingsPerAddressPerMinute: 60,
  /** Typing indicators per conversation per minute: a widget sends one when typing starts or stops. */
  typingPerMinute: 60,
  /** Suggested-question reads per address per minute: a widget reads them once per page view. */
  suggestionsPerAddressPerMinute: 120,
  /** Sign-in attempts per address per 15 minutes: slows password guessing from one place. */
  loginsPer15Minutes: 20,
  /** Open customer sockets per address (per server process). */
  socketsPerIp: 50,
};
export type RateLimits = { readonly [K in keyof typeof RATE_LIMITS]: number };
/** Shortest staff password: ten characters resist online guessing under the lockout below. */
export const MIN_PASSWORD_CHARS = 10;
/** Per-account sign-in lockout: guessing one account's password from many addresses (which the
 *  per-address limit cannot see) is stopped by counting failures per email, whatever the address. */
export const SIGN_IN_LOCKOUT = {
  /** Wrong passwords in a row before the account is locked: room for a few typos. */
  freeFailures: 5,
  /** First lock; each further failure doubles it (backoff), up to maxLockSeconds. */
  firstLockSeconds: 60,
  /** Longest lock: an hour keeps guessing to ~24 tries a day without locking an agent out for a shift. */
  maxLockSeconds: 3600,
  /** Failures are forgotten after a day without one. */
  forgetAfterSeconds: 86_400,
} as const;
/** Largest JSON body the HTTP API accepts. */
export const MAX_BODY_BYTES = 64 * 1024;
/** First human reply targets (seconds) per priority label: the SLA the queue shows. */
export const SLA_SECONDS = { urgent: 120, high: 300, normal: 900, low: 3600 } as const;
/** Passages an agent's draft is checked against: the best matches, so evidence is on topic. */
export const DRAFT_CHECK_PASSAGES = 8;
/** Largest socket.io packet: above it socket.io drops the connection, so it is set well above any
 *  valid event (messages are bounded by MAX_MESSAGE_CHARS) to let oversize fields get an error ack. */
export const MAX_SOCKET_PACKET_BYTES = 256 * 1024;
/** Nearest neighbours fetched through the HNSW index before the in-force filter: ten times the
 *  candidates, so superseded and draft versions (which share the index) rarely crowd out live
 *  ones. The index returns this many only with iterative scans on (see kb/db/open.ts). */
export const ANN_OVERFETCH = 400;
/** A KB of at most this many chunks is searched exactly by the database (every chunk in force, by
 *  distance) rather than through the HNSW index: at that size the scan costs about what the index
 *  does, finds the true nearest neighbours (the index missed some on the eval KBs), and so ranks
 *  exactly as the in-memory read model (kb/memory), which is exact at every size. */
export const EXACT_SEARCH_UP_TO = 2000;
/** HNSW search breadth: higher finds truer neighbours at some cost; pgvector's default is 40. */
export const HNSW_EF_SEARCH = 100;
/** Lexical pruning in large KBs: words in more than maxShare of the chunks are left to the vectors. */
export const LEXICAL = { pruneFromChunks: 2000, maxShare: 0.05, maxWords: 12, fallbackWords: 3 } as const;

/** Retrieval at scale (kb/search.ts, measured by `npm run bench`): chunks the full-text half may
 *  rank per search, estimated from its words' document frequencies. Ranking costs ~8 µs a matching
 *  chunk in PGlite; at 100k chunks a question's words matched ~5,000 (35 ms, more than the whole
 *  index-served vector half), while at 10k they matched ~460. The rarest words are kept first. */
export const LEXICAL_MATCH_BUDGET = 1000;
