// What az prints for a result: --query through JMESPath (the same library family az uses), then the
// output format. Each formatter follows knack's (knack/output.py): JSON with sorted keys and two-space
// indent, tsv rows of values, and the automatic table (scalar fields only, id/type/etag skipped).
import jmespath from 'jmespath';
import { stringify as yamlStringify } from 'yaml';
import { CliError } from './spec.ts';

export const QUERY_REFERENCE = "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'";

/** Python's repr of a string, as argparse quotes a value in its messages. */
export const pyRepr = (s: string) => (s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

/** Check a --query expression before anything runs, as az's argument type does. */
export function checkQuery(query: string): void {
  try {
    jmespath.search({}, query);
  } catch {
    throw new CliError(`argument --query: invalid jmespath_type value: ${pyRepr(query)}`, 2, [QUERY_REFERENCE]);
  }
}

export function applyQuery(result: unknown, query: string | undefined): unknown {
  if (!query) return result;
  return jmespath.search(result as never, query) as unknown;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return value;
}

export function formatJson(result: unknown): string {
  return `${JSON.stringify(sortKeys(result), null, 2)}\n`;
}

/** Python's str() of a value, as tsv and table cells print it. */
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return String(v);
}

export function formatTsv(result: unknown, sorted: boolean): string {
  const rows = Array.isArray(result) ? result : [result];
  const cell = (v: unknown) => (Array.isArray(v) ? String(v.length) : v && typeof v === 'object' ? '' : pyStr(v));
  return rows
    .map((row) => {
      if (Array.isArray(row)) return `${row.map(cell).join('\t')}\n`;
      if (row && typeof row === 'object') {
        const o = row as Record<string, unknown>;
        const keys = sorted ? Object.keys(o).sort() : Object.keys(o);
        return `${keys.map((k) => cell(o[k])).join('\t')}\n`;
      }
      return `${typeof row === 'boolean' ? String(row) : pyStr(row)}\n`;
    })
    .join('');
}

const SKIP_KEYS = new Set(['id', 'type', 'etag']);
const capitalize = (k: string) => (k ? k[0]!.toUpperCase() + k.slice(1) : k);

/** knack's _TableOutput with tabulate's "simple" layout. */
export function formatTable(result: unknown, sorted: boolean): string {
  const items = Array.isArray(result) ? result : [result];
  const rows: Map<string, unknown>[] = items.map((item) => {
    const row = new Map<string, unknown>();
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      for (const k of sorted ? Object.keys(o).sort() : Object.keys(o)) {
        const v = o[k];
        if (SKIP_KEYS.has(k) || v === null || v === undefined || typeof v === 'object') continue;
        row.set(capitalize(k), v);
      }
    } else if (Array.isArray(item)) item.forEach((v, i) => row.set(`Column${i + 1}`, v));
    else row.set('Result', item);
    return row;
  });
  if (!rows.length) return '\n';
  const headers: string[] = [];
  for (const r of rows) for (const k of r.keys()) if (!headers.includes(k)) headers.push(k);
  if (!headers.length) throw new CliError('Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.');
  const text = (v: unknown) => (v === undefined || v === null ? '' : pyStr(v));
  const numeric = headers.map((h) => rows.every((r) => !r.has(h) || typeof r.get(h) === 'number'));
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => text(r.get(h)).length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(headers.map((h) => text(r.get(h)))))].join('\n') + '\n';
}

export interface Printed {
  stdout: string;
}

/** The text az prints for a result, given --output, --query and the command's table transformer. */
export function render(result: unknown, output: string, query: string | undefined, table?: (r: unknown) => unknown): string {
  if (result === undefined) return '';
  const value = applyQuery(result, query);
  if (value === null || value === undefined) return '';
  switch (output) {
    case 'none':
      return '';
    case 'tsv':
      return formatTsv(value, !query);
    case 'table': {
      const transformed = table && !query ? table(value) : value;
      return formatTable(transformed, !query && !table);
    }
    case 'yaml':
    case 'yamlc':
      return yamlStringify(value, { sortMapEntries: true });
    default:
      return formatJson(value);
  }
}
