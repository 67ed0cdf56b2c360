// Two small policies for the report tests: returns (review overdue) and payment options.
import type { Database } from "../kb/db/open.ts";
import type { Embedder } from "../kb/embed/embedder.ts";
import { importDocuments } from "../kb/import.ts";
import { parsePolicy } from "../kb/policy-file.ts";
import { freshDatabase } from "./database.ts";

export const returns = (days: number) => `---
id: returns
title: Returns
effective_from: 2024-01-01
review_by: 2025-01-01
---
# Returns
## Return window
Unworn items can be returned within ${days} days of delivery.
## Refunds
Refunds go back to the original payment method.
`;
export const payments = `---
id: payments
title: Payment options
effective_from: 2024-01-01
review_by: 2099-01-01
---
# Payment options
## Cards
We accept Visa, Mastercard and American Express.
## Paying later
Orders can be split into three interest-free monthly payments at checkout.
`;

/** A fresh database holding returns (30 days) and payments. */
export async function reportKb(embedder: Embedder): Promise<Database> {
  const db = await freshDatabase();
  await importDocuments(db.pool, embedder, [parsePolicy(returns(30), "returns.md"), parsePolicy(payments, "payments.md")]);
  return db;
}
