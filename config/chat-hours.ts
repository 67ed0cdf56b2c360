// When people staff the chat (KEEL_CHAT_HOURS="08:00-22:00 America/New_York"): outside those
// hours, with nobody online, a customer asking for a person is told chat is closed now and when it
// opens, instead of being quoted the hours as if someone were there. Pure: the clock is an argument.
import { z } from "zod";

export type ChatHours = { opens: number; closes: number; timeZone: string };

const PATTERN = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s+(\S+)$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM-HH:MM Area/City" (every day; a window past midnight such as 20:00-02:00 is allowed). */
export const chatHoursSchema = z
  .string()
  .trim()
  .optional()
  .transform((raw, ctx): ChatHours | null => {
    if (!raw) return null;
    const m = PATTERN.exec(raw);
    const minutes = (h: string, mm: string) => Number(h) * 60 + Number(mm);
    if (!m || Number(m[1]) > 24 || Number(m[3]) > 24 || Number(m[2]) > 59 || Number(m[4]) > 59) {
      ctx.addIssue({ code: "custom", message: `KEEL_CHAT_HOURS must look like "08:00-22:00 America/New_York", not "${raw}"` });
      return z.NEVER;
    }
    if (!isTimeZone(m[5]!)) {
      ctx.addIssue({ code: "custom", message: `KEEL_CHAT_HOURS: "${m[5]}" is not an IANA time zone such as America/New_York` });
      return z.NEVER;
    }
    const opens = minutes(m[1]!, m[2]!);
    const closes = minutes(m[3]!, m[4]!);
    if (opens === closes) {
      ctx.addIssue({
        code: "custom",
        message: "KEEL_CHAT_HOURS: opening and closing times are the same; leave it unset for a chat that is always open",
      });
      return z.NEVER;
    }
    return { opens, closes, timeZone: m[5]! };
  });

/** Minutes since local midnight in the zone. */
function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

export function isOpenAt(hours: ChatHours, now: Date): boolean {
  const t = localMinutes(now, hours.timeZone);
  return hours.opens < hours.closes ? t >= hours.opens && t < hours.closes : t >= hours.opens || t < hours.closes;
}

/** When chat next opens, or null when it is open now. (A daylight-saving change between now and
 *  the opening moves the answer by that hour; the next status the customer gets is right again.) */
export function closedUntil(hours: ChatHours | null, now: Date): Date | null {
  if (!hours || isOpenAt(hours, now)) return null;
  const wait = (hours.opens - localMinutes(now, hours.timeZone) + 1440) % 1440;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
