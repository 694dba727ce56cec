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

it('writes a time in words on the UTC clock, the same each call (the formatters are made once)', () => {
  expect(formatTime(1_767_225_600)).toBe('Thu, 1 Jan 2026, 00:00 UTC');
  expect(formatTime(1_767_225_600 + 13 * 3600 + 5 * 60)).toBe('Thu, 1 Jan 2026, 13:05 UTC');
  expect(formatClock(1_767_225_600 + 13 * 3600 + 5 * 60)).toBe('1 Jan 2026, 13:05 UTC');
});
