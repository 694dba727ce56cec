// Time formatting never throws: a time outside JavaScript's date range is shown as such.
import { expect, it } from 'vitest';
import { formatClock, formatTime, isoTime } from '../../../src/ui/format.ts';

it('formats times in range and names an invalid one instead of throwing', () => {
  expect(isoTime(0)).toBe('1970-01-01T00:00:00Z');
  expect(formatTime(253_402_300_799)).toMatch(/9999/);
  expect(() => formatTime(8.64e12 + 1)).not.toThrow();
  expect(formatTime(8.64e12 + 1)).toMatch(/invalid time/);
  expect(formatClock(Number.NaN)).toMatch(/invalid time/);
  expect(isoTime(1e300)).toMatch(/invalid time/);
});

it('writes a time in words on the UTC clock', () => {
  expect(formatTime(1_767_225_600)).toBe('Thu, 1 Jan 2026, 00:00 UTC');
  expect(formatTime(1_767_225_600 + 13 * 3600 + 5 * 60)).toBe('Thu, 1 Jan 2026, 13:05 UTC');
  expect(formatClock(1_767_225_600 + 13 * 3600 + 5 * 60)).toBe('1 Jan 2026, 13:05 UTC');
});

it('writes what Intl.DateTimeFormat en-GB writes on the UTC clock, across the date range', () => {
  const date = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  for (let i = 0; i < 2000; i++) {
    // Spread over 1970-9999 by a fixed multiplier: the same times every run.
    const s = Math.floor((((i * 2_654_435_761) % 4_294_967_296) / 4_294_967_296) * 253_402_300_799);
    const d = new Date(s * 1000);
    expect(formatTime(s), String(s)).toBe(`${date.format(d)}, ${time.format(d)} UTC`);
    expect(formatClock(s), String(s)).toBe(`${date.format(d).replace(/^\w{3}, /, '')}, ${time.format(d)} UTC`);
  }
});
