// The flow diagram: the last token request and target call as a sequence of hops between the parties
// (code on the resource, the token endpoint, Entra ID, the target, Azure RBAC), with the real status
// codes, and the step where it failed marked with ✗ and a note in Azure's words.
import { serviceOf, type Hop, type Outcome, type Party } from '../sim/index.ts';
import { accessible, describe, type Diagram } from './diagram.ts';
import { plain, wrapped } from './escape.ts';

export interface FlowNames {
  /** The resource whose code asked: "web-1". */
  source?: string;
  /** The target's name: "kv-1", "mystorage", "orders-api". */
  target?: string;
}

const PARTY_ID: Record<Party, string> = { code: 'code', imds: 'imds', appService: 'endpoint', entra: 'entra', target: 'target', rbac: 'rbac' };

function partyName(party: Party, names: FlowNames, call: Outcome['call']): string {
  switch (party) {
    case 'code':
      return names.source ? `Code on ${plain(names.source)}` : 'Your code';
    case 'imds':
      return 'IMDS 169.254.169.254';
    case 'appService':
      return 'Local identity endpoint';
    case 'entra':
      return 'Entra ID';
    case 'rbac':
      return 'Azure RBAC';
    case 'target': {
      const service = call ? serviceOf(call.target) : undefined;
      const kind = service?.words.party ?? 'Target';
      return service && !service.named ? kind : names.target ? `${kind} ${plain(names.target)}` : kind;
    }
  }
}

/** Azure's own words for a failure, first line only: the error in the response body, or why none came. */
export function failureText(outcome: Outcome): string {
  const http = outcome.http;
  if (http?.networkError) return http.networkError;
  if (outcome.sdk?.error) return `${outcome.sdk.error.name}: ${outcome.sdk.error.message}`;
  const body = http?.response.body ?? '';
  let found: string | undefined;
  try {
    const json = JSON.parse(body) as { error?: unknown; error_description?: unknown; message?: unknown };
    const err = json.error as { code?: unknown; message?: unknown } | string | undefined;
    if (typeof json.error_description === 'string') found = json.error_description;
    else if (err && typeof err === 'object' && typeof err.message === 'string') found = err.message;
    else if (typeof err === 'string') found = err;
    else if (typeof json.message === 'string') found = json.message;
  } catch {
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
    if (code || message) found = [code, message].filter(Boolean).join(': ');
  }
  found ??= outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : (outcome.call?.reason ?? outcome.summary);
  return found.split(/\r?\n/)[0] ?? '';
}

interface Step {
  hop: Hop;
  reply: boolean;
  outcome: Outcome;
}

/** Hops in order; a hop back along a path already taken is a reply (drawn dashed). */
function steps(outcomes: Outcome[]): Step[] {
  const out: Step[] = [];
  for (const outcome of outcomes) {
    const seen = new Set<string>();
    for (const hop of outcome.trace ?? []) {
      const reply = hop.from !== hop.to && seen.has(`${hop.to}>${hop.from}`);
      seen.add(`${hop.from}>${hop.to}`);
      out.push({ hop, reply, outcome });
    }
  }
  return out;
}

function hopText(hop: Hop): string {
  const status = hop.status !== undefined && !hop.label.startsWith(String(hop.status)) ? `${hop.status} ` : '';
  return `${hop.ok ? '' : '✗ '}${status}${hop.label}`;
}

/** Tighter gaps between the parties and between hops (diagram.ts COMPACT), for the presenter's stage. */
export function flow(tokenOutcome?: Outcome, callOutcome?: Outcome, names: FlowNames = {}, compact = false): Diagram {
  const outcomes = [tokenOutcome, callOutcome].filter((o): o is Outcome => o !== undefined);
  const call = callOutcome?.call;
  const all = steps(outcomes);
  const title = tokenOutcome && callOutcome ? 'Flow: token request and call' : callOutcome ? 'Flow: call to the target' : 'Flow: token request';
  const name = (p: Party) => partyName(p, names, call);

  const parties: Party[] = ['code'];
  for (const { hop } of all) for (const p of [hop.from, hop.to]) if (!parties.includes(p)) parties.push(p);

  const body: string[] = parties.map((p) => `  participant ${PARTY_ID[p]} as ${wrapped(name(p), 18)}`);
  const sentences: string[] = [];
  let failure: { party: Party; text: string } | undefined;

  if (outcomes.length === 0) {
    body.push(`  Note over code: ${wrapped('No token request or target call yet', 24)}`);
    sentences.push('No token request or target call yet.');
  }

  all.forEach(({ hop, reply, outcome }, i) => {
    // Numbered in the text, not by Mermaid's autonumber: its 12 px digits in small circles cannot be read on a projector.
    body.push(`  ${PARTY_ID[hop.from]}${reply ? '-->>' : '->>'}${PARTY_ID[hop.to]}: ${wrapped(`${i + 1}. ${hopText(hop)}`, 32, 90)}`);
    sentences.push(`${i + 1}. ${name(hop.from)} to ${name(hop.to)}: ${plain(hopText(hop), 90).replace(/\.$/, '')}.`);
    if (!hop.ok && !failure) {
      // Whoever answered "no" (or could not be reached) is where it broke.
      failure = { party: reply || hop.from === hop.to ? hop.from : hop.to, text: `✗ ${failureText(outcome)}` };
      body.push(`  Note over ${PARTY_ID[failure.party]}: ${wrapped(failure.text, 24, 120)}`);
    }
  });
  // A refusal with no hops at all (the request was never sent).
  const silent = outcomes.find((o) => (o.trace ?? []).length === 0 && (!o.ok || o.sdk?.error || o.http?.networkError));
  if (!failure && silent) {
    failure = { party: 'code', text: `✗ ${failureText(silent)}` };
    body.push(`  Note over code: ${wrapped(failure.text, 24, 120)}`);
  }

  const last = outcomes.at(-1)?.http?.response;
  const ending = failure
    ? `It failed at ${name(failure.party)}: ${plain(failure.text.slice(2), 160).replace(/\.$/, '')}.`
    : last && last.status
      ? `It ended with ${last.status} ${last.statusText}.`
      : '';
  const description = describe([
    outcomes.length ? `${title.replace('Flow: ', 'The last ')}, in ${all.length} steps.` : '',
    ...sentences,
    ending,
  ]);
  return { text: [...accessible('sequenceDiagram', title, description, compact), ...body].join('\n'), title, description };
}
