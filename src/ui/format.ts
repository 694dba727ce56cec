// Times and durations in words, on the sandbox clock.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
// (British English abbreviates September "Sept".)
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * A time on the UTC clock in words, as Intl.DateTimeFormat('en-GB') writes it (the unit test checks
 * them against each other), from the date's UTC fields: the page's first Intl formatter loads the
 * locale's data, which made a fresh page's mount (the top bar's clock) 12-44 ms longer in three of four
 * interleaved runs of cold loads.
 */
function inWords(epochSeconds: number): { day: string; date: string; time: string } | undefined {
  const d = new Date(epochSeconds * 1000);
  if (Number.isNaN(d.getTime())) return undefined;
  return { day: DAYS[d.getUTCDay()]!, date: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`, time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC` };
}

/** "Thu, 1 Jan 2026, 13:05 UTC". */
export function formatTime(epochSeconds: number): string {
  const w = inWords(epochSeconds);
  return w ? `${w.day}, ${w.date}, ${w.time}` : `an invalid time (${epochSeconds})`;
}

/** The clock in the top bar, "1 Jan 2026, 13:05 UTC": short enough to share one row with its controls on a projector. */
export function formatClock(epochSeconds: number): string {
  const w = inWords(epochSeconds);
  return w ? `${w.date}, ${w.time}` : `an invalid time (${epochSeconds})`;
}

export function isoTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  if (Number.isNaN(d.getTime())) return `invalid time (${epochSeconds})`;
  return d.toISOString().replace('.000Z', 'Z');
}

/** "in 23 h 55 min", "4 min ago". */
export function relative(seconds: number): string {
  const abs = Math.abs(seconds);
  const d = Math.floor(abs / 86400);
  const h = Math.floor((abs % 86400) / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const parts = d ? [`${d} d`, h ? `${h} h` : ''] : h ? [`${h} h`, m ? `${m} min` : ''] : m ? [`${m} min`] : [`${abs % 60} s`];
  const text = parts.filter(Boolean).join(' ');
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
