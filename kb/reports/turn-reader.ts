// What the KB's reports need to know of Keel's turns. The turn records (agent_turns) belong to the
// agent room, and kb/ may not import agent/: the caller hands the reports the agent's reader
// (agent/store/turns.ts `turnReader`). Each function reads through the database handle it is given,
// so a report inside a transaction reads the transaction's view.
import type pg from "pg";

export type Db = pg.Pool | pg.PoolClient;

/** A turn that shows a knowledge gap. */
export type GapTurn = { id: string; conversation_id: string; at: Date; message_redacted: string; outcome: string };

/** One citation of an answer: which turn gave it and what it quoted. */
export type CitingTurn = {
  id: string;
  conversation_id: string;
  at: Date;
  as_of: string | null;
  outcome: string;
  version: number;
  section: string | null;
  quote: string | null;
};

/** A turn as the citation analytics count it. */
export type CountedTurn = { id: string; outcome: string; at: Date; citations: unknown; chunk_ids: number[] };

/** A turn as the insights per policy count it. */
export type ConversationTurn = Omit<CountedTurn, "at">;

export type TurnReader = {
  /**
   * Turns that show a gap: refusals, and handoffs because nothing grounded was found (repeated
   * refusals, or a model failure with no grounded fallback). Handoffs a customer asked for, or
   * that a sensitive topic or a policy required, are not gaps; neither are refused injection
   * attempts or turns whose text retention removed.
   */
  gapTurns(db: Db): Promise<GapTurn[]>;
  /** Citations of the policy in a version other than `notVersion`, at or after `since`, newest
   *  first, at most `limit`. */
  citationsOf(db: Db, policy: string, notVersion: number | null, since: Date, limit: number): Promise<CitingTurn[]>;
  /** Every turn at or after `from` and before `to`. */
  turnsBetween(db: Db, from: Date, to: Date): Promise<CountedTurn[]>;
  /** Per cited policy, how many answers cited it in the last `days` days. */
  answersPerPolicy(db: Db, days: number): Promise<{ policy_id: string; n: number }[]>;
  /** Every turn of the given conversations (unordered). */
  turnsOf(db: Db, conversationIds: string[]): Promise<ConversationTurn[]>;
};
