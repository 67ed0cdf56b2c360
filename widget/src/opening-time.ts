// "today at 8:00 AM EST": when chat opens, in the page's language and the customer's own time zone.
import { fill, type Strings } from "./i18n.ts";

export function formatOpening(iso: string, lang: string, t: Strings, now = new Date()): string {
  const at = new Date(iso);
  const locale = lang || undefined;
  const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((midnight(at) - midnight(now)) / 86_400_000);
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(at);
  const day =
    days === 0 || days === 1
      ? new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(days, "day")
      : new Intl.DateTimeFormat(locale, { weekday: "long" }).format(at);
  return fill(t.openingAt, { day, time });
}
