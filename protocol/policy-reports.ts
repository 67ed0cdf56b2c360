// The owners' reports as the console shows them: the answers a policy change affects, the
// questions the knowledge base could not answer, and what is overdue for review or reindexing.

/** One answer that cited a version other than the one compared against. */
export type ImpactEntry = {
  turn: string;
  conversation: string;
  at: string;
  /** The date the answer was about, when the customer asked about a past date. */
  asOf: string | null;
  version: number;
  section: string;
  quote: string;
  outcome: string;
  /** The quote still appears, whitespace aside, in the version compared against. */
  stillHolds: boolean;
};

/** A group of alike questions Keel could not answer. */
export type GapGroup = {
  key: string;
  /** The group's most typical question. */
  label: string;
  count: number;
  examples: { question: string; conversation: string; at: string; outcome: string }[];
  firstAt: string;
  lastAt: string;
  /** The words most of the group's questions share (what the group is about). */
  terms: string[];
};

export type Freshness = {
  overdueReviews: { policy: string; title: string; version: number; reviewBy: string; daysOverdue: number }[];
  staleVectors: { policy: string; version: number; status: string; chunks: number; embeddingModel: string | null }[];
  currentEmbedder: string;
};
