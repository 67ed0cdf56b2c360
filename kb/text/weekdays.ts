// Days of the week a sentence covers ("Tuesday to Sunday", "Mon–Fri", "weekends", "Monday,
// Wednesday and Friday"), so a question about one day can be answered by a rule about others:
// shows that run "Tuesday to Sunday" do not run on a Monday.
const NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const SHORT = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** A day's name, singular or plural ("Mondays"); in a range, short too ("Mon–Fri", "Thurs"), where
 *  "sat" or "sun" cannot be another word. */
const FULL_DAY = String.raw`(?:mon|tues|wednes|thurs|fri|satur|sun)days?`;
const DAY = String.raw`(?:${FULL_DAY}|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)`;
const RANGE = new RegExp(String.raw`\b(${DAY})\.?\s*(?:to|through|thru|until|till|–|—|-)\s*(${DAY})\b`, "gi");
const SINGLE = new RegExp(String.raw`\b(${FULL_DAY})\b`, "gi");

function dayIndex(word: string): number {
  const w = word.toLowerCase().replace(/s$/, "");
  const full = NAMES.indexOf(w);
  return full >= 0 ? full : SHORT.indexOf(w.slice(0, 3));
}

const WEEK_PART = /\b(?:weekdays|weekends?)\b/gi;

/** Where a text names days, in order: its ranges, then the single days and "weekdays"/"weekends"
 *  outside them, each with the words it is written in and the days it covers. */
function dayMentions(text: string): { said: string; at: number; days: number[] }[] {
  const out: { said: string; at: number; days: number[] }[] = [];
  let rest = text;
  for (const m of text.matchAll(RANGE)) {
    const from = dayIndex(m[1]!);
    const to = dayIndex(m[2]!);
    if (from < 0 || to < 0) continue;
    const days: number[] = [];
    for (let d = from; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === to) break;
    }
    out.push({ said: m[0], at: m.index!, days });
    rest = rest.replace(m[0], " ".repeat(m[0].length));
  }
  for (const m of rest.matchAll(SINGLE)) {
    const d = dayIndex(m[1]!);
    if (d >= 0) out.push({ said: m[0], at: m.index!, days: [d] });
  }
  for (const m of rest.matchAll(WEEK_PART)) out.push({ said: m[0], at: m.index!, days: /^weekdays$/i.test(m[0]) ? [0, 1, 2, 3, 4] : [5, 6] });
  return out.sort((x, y) => x.at - y.at);
}

/** The days a text names, a range read round the week ("Friday to Monday" is four days); null when
 *  it names none. "Weekdays" and "weekends" count as the days they are. */
export function daysNamed(text: string): Set<number> | null {
  const days = new Set(dayMentions(text).flatMap((m) => m.days));
  return days.size ? days : null;
}

/** The words a text names days with, as it writes them ("weekdays", "Mon–Fri, Sunday"). */
export function dayWords(text: string): string {
  return [...new Set(dayMentions(text).map((m) => m.said))].join(", ");
}

/** Whether a rule that names days leaves out every day a question asks about. */
export function leavesOutDays(question: string, rule: string): boolean {
  const asked = daysNamed(question);
  const covered = daysNamed(rule);
  return Boolean(asked && covered && [...asked].every((d) => !covered.has(d)));
}

const MONTHS = /^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/i;
const WHOLE_DAY = new RegExp(String.raw`^${FULL_DAY}$`, "i");

/** A day's or a month's name: capitalised as a name of the calendar, never a product's. */
export const isCalendarWord = (word: string): boolean => MONTHS.test(word) || WHOLE_DAY.test(word);
