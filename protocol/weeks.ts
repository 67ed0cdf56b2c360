// Weeks as the insights count them (Monday to Sunday, UTC) and the default range: the console's
// date pickers and the server's insights query agree on them.

/** The default range when none is given: this week and the five before it (to today). */
export const DEFAULT_WEEKS = 6;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday (UTC) starting the week of a date, as YYYY-MM-DD. */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** The first day of the default range ending on `to`. */
export function defaultFrom(to: string): string {
  return addDays(weekOf(to), -7 * (DEFAULT_WEEKS - 1));
}
