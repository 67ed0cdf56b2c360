// Text written into a regular expression as itself: a product's or a tier's name, whatever it holds.

/** The text with every character a regular expression gives a meaning escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
