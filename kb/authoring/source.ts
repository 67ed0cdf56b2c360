// Reads the Markdown an owner submits into a policy document, with errors the owner can act on.
import { parsePolicy, type PolicyDocument } from "../policy-file.ts";
import { AuthoringError } from "./errors.ts";

/** Ids an owner may give a new policy: they appear in URLs and citations. */
export const NEW_POLICY_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** Ids of existing policies: imported files may also use '.' and '_' (see kb/policy-file.ts). */
export const POLICY_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/**
 * Parses a submitted source. For an edit of `policy`, a source without an id in its front matter
 * belongs to that policy; one naming another id is refused rather than silently moved.
 */
export function parseSource(source: string, policy?: string): PolicyDocument {
  let doc: PolicyDocument;
  try {
    // A file name gives the id when the front matter has none; nothing is read from disk.
    doc = parsePolicy(source, policy ? `${policy}.md` : null);
  } catch (err) {
    throw new AuthoringError("invalid", `The policy could not be read: ${(err as Error).message}`, { cause: err });
  }
  if (policy && doc.id !== policy) {
    throw new AuthoringError(
      "invalid",
      `The front matter names policy "${doc.id}" but this is policy "${policy}": keep its id, or create a new policy.`,
    );
  }
  if (!policy && !NEW_POLICY_ID.test(doc.id))
    throw new AuthoringError("invalid", `Policy id "${doc.id}" must be lowercase letters, digits and dashes.`);
  return { ...doc, sourcePath: null };
}
