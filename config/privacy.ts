// What Keel masks at rest, and the setting that widens it. Policy, so it sits with the other
// configuration; agent/guard/mask.ts does the masking.
import { z } from "zod";

export const maskKindSchema = z.enum(["card", "gov_id", "iban", "bank_account", "email", "phone", "ip"]);
export type MaskKind = z.infer<typeof maskKindSchema>;

/** Masked whatever the settings say. PCI DSS forbids storing a full card number that is not needed,
 *  and Keel never needs one; national identifiers and bank accounts identify a person or an account
 *  on their own. Emails, phones and IPs are what a conversation about an order is made of, so they
 *  stay readable unless KEEL_MASK_AT_REST adds them. */
export const ALWAYS_MASKED: readonly MaskKind[] = ["card", "gov_id", "iban", "bank_account"];

/** KEEL_MASK_AT_REST: kinds to mask besides ALWAYS_MASKED ("email,phone"). It can only widen. */
export const maskSettingSchema = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(maskKindSchema, {
      error: `KEEL_MASK_AT_REST lists kinds to mask besides cards, national ids and bank accounts, comma-separated: ${maskKindSchema.options.join(", ")}`,
    }),
  );
