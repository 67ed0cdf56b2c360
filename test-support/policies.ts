// The policies the tests' small knowledge bases share, written once so every expectation on
// "30 days", "$6.95" or "Orders over $49 ship free." rests on the same wording.
export const RETURN_WINDOW = "You can return unworn items within 30 days of delivery for a full refund.";
export const RETURN_SHIPPING = "## Return shipping\nA return label costs $6.95 unless the item arrived damaged.\n";

/** The returns policy; a test can change its window sentence or its shipping section. */
export function returnsPolicy(window = RETURN_WINDOW, shipping = RETURN_SHIPPING): string {
  return `---
id: returns
title: Returns
effective_from: 2024-01-01
---
# Returns
## Return window
${window}
${shipping}`;
}

export const SHIPPING_POLICY = `---
id: shipping
title: Shipping
effective_from: 2024-01-01
---
# Shipping
## Delivery times
Standard delivery takes 5 business days.
## Free shipping
Orders over $49 ship free.
`;
