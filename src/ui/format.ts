// Times and durations in words, on the sandbox clock.

export function formatTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  if (Number.isNaN(d.getTime())) return `an invalid time (${epochSeconds})`;
  const f = (formats ??= {
    date: new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    time: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
  });
  return `${f.date.format(d)}, ${f.time.format(d)} UTC`;
}
// Made once, on first use: toLocaleDateString with options builds a new formatter on every call, which
// came to ~15 ms of the app's start (the top bar's clock, the timeline's times).
let formats: { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat } | undefined;

/** The clock in the top bar: short enough to share one row with its controls on a projector. */
export function formatClock(epochSeconds: number): string {
  return formatTime(epochSeconds).replace(/^[A-Za-z]{3}, /, '');
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
