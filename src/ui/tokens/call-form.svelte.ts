// The "Call a target" form as a model: what the learner picked, and what each pick means in the world
// as it is now (a pick that is gone falls back to a sensible default). The services, their operations
// and their fields come from the sandbox's target registry; the component only renders this.
import { KINDS, TARGETS, TARGET_IDS, getResource, isSource, serviceForAudience, type CallInputs, type Choice, type Field, type FieldKey, type HttpRequest, type IssuedToken, type Resource, type SourceResource, type TargetId, type World } from '../../sim/index.ts';
import { validOr } from '../choice.ts';
import { validity, VALIDITY_WORDS } from './claims.ts';
import { identityChoices } from './identities.ts';

/** What the learner chose; kept while they move around (form-memory.svelte.ts). */
export interface CallPicks {
  fromChoice: string;
  service: TargetId | '';
  op: string;
  targetChoice: string;
  /** Typed or picked field values, per service and field ("keyVault.name"); absent means the field's default. */
  fields: Record<string, string>;
  tokenChoice: string;
  miIdentity: string;
  /** A logic app's audience: empty until the learner types it (the connector lesson asks for it). */
  audience: string | null;
  /** The name of the next role assignment, a GUID as ARM has the caller choose it. */
  assignmentName: string;
}

export function freshPicks(): CallPicks {
  return { fromChoice: '', service: '', op: '', targetChoice: '', fields: {}, tokenChoice: '', miIdentity: 'system', audience: null, assignmentName: newGuid() };
}

/** Where the tab sits: on a compute resource (`from`), on a target resource, or outside Azure (neither). */
export interface CallPlace {
  world: World;
  from?: SourceResource | undefined;
  target?: Resource | undefined;
}

export interface FieldView {
  field: Field;
  value: string;
  /** For a pick from a list: what is on offer. */
  choices?: Choice[];
}

/** A new GUID for a role assignment's name (ARM has the caller choose it). */
export function newGuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const EMPTY: Omit<CallInputs, 'op' | 'target' | 'assignmentName'> = { name: '', container: '', value: '', role: '', principalId: '', path: '' };

export class CallForm {
  readonly #place: () => CallPlace;
  readonly picks: CallPicks;

  constructor(place: () => CallPlace, picks: CallPicks) {
    this.#place = place;
    this.picks = picks;
  }

  readonly world = $derived.by(() => this.#place().world);

  // Where the call goes out from, when the tab sits on a target: any compute resource, or outside Azure.
  readonly sources = $derived.by(() => Object.values(this.world.resources).filter(isSource));
  readonly fromValue = $derived.by(() => {
    const from = this.#place().from;
    return from ? from.id : (validOr(this.sources.map((s) => s.id), this.picks.fromChoice, '') ?? '');
  });
  readonly source = $derived.by(() => this.fromValue ? (getResource(this.world, this.fromValue) as SourceResource | undefined) : undefined);
  /** A logic app's HTTP action: its platform gets the token, so the call names an audience, not a token. */
  readonly isConnector = $derived.by(() => !!this.source && KINDS[this.source.kind].tokenEndpoint === 'connector');

  // What to call.
  readonly available = $derived.by(() => TARGET_IDS.filter((id) => TARGETS[id].available(this.world)));
  /** The service of the resource the tab sits on. */
  readonly preset = $derived.by(() => {
    const kind = this.#place().target?.kind;
    return kind ? TARGET_IDS.find((id) => TARGETS[id].kinds.includes(kind)) : undefined;
  });
  /**
   * Until the learner picks one: the service the latest token is for (a Storage token offers Storage).
   * Not for a logic app, whose platform gets a token for each call: there the token follows the call.
   */
  readonly followsToken = $derived.by(() => {
    if (this.isConnector) return undefined;
    const aud = this.latestToken?.audience;
    return aud ? serviceForAudience(this.world, aud) : undefined;
  });
  readonly service: TargetId = $derived.by(() => validOr(this.available, this.picks.service || undefined, this.preset, this.followsToken)!);
  readonly entry = $derived.by(() => TARGETS[this.service]);
  readonly ops = $derived.by(() => this.entry.operations);
  readonly operation = $derived.by(() => this.ops.find((o) => o.id === this.picks.op) ?? this.ops[0]);
  readonly targets = $derived.by(() => this.entry.targets(this.world, this.operation.id));
  readonly targetValue = $derived.by(() => validOr(this.targets.map((t) => t.id), this.picks.targetChoice, this.#place().target?.id) ?? '');
  readonly targetLabel = $derived.by(() => {
    const p = this.entry.words.picker;
    return typeof p === 'string' ? p : p(this.operation.id);
  });

  /** The operation's fields with their values, each default following the fields before it (a blob in the chosen container). */
  readonly fields: FieldView[] = $derived.by(() => {
    const inputs: CallInputs = { ...EMPTY, op: this.operation.id, target: this.targetValue, assignmentName: this.picks.assignmentName };
    return this.operation.fields.map((field) => {
      const typed = this.picks.fields[`${this.service}.${field.key}`];
      const initial = field.initial?.(this.world, inputs);
      let view: FieldView;
      if (field.choices) {
        const choices = field.choices(this.world, inputs);
        view = { field, value: validOr(choices.map((c) => c.id), typed, initial) ?? '', choices };
      } else {
        view = { field, value: typed ?? initial ?? '' };
      }
      inputs[field.key] = view.value;
      return view;
    });
  });
  readonly inputs: CallInputs = $derived.by(() => ({
    ...EMPTY,
    ...Object.fromEntries(this.fields.map((f) => [f.field.key, f.value])),
    op: this.operation.id,
    target: this.targetValue,
    assignmentName: this.picks.assignmentName,
  }));
  /** The HTTP request code would send, or null while the form lacks what the call needs. */
  readonly built: HttpRequest | null = $derived.by(() => this.entry.build(this.world, this.inputs));

  // Which token goes with it.
  readonly tokens = $derived.by(() => Object.values(this.world.tokens).sort((a, b) => b.issuedAt - a.issuedAt));
  readonly latestToken: IssuedToken | undefined = $derived.by(() => this.world.lastToken ? this.world.tokens[this.world.lastToken] : undefined);
  readonly tokenValue = $derived.by(() => {
    const allowed = this.isConnector ? ['mi', 'none', 'paste'] : [...(this.latestToken ? ['latest'] : []), 'none', 'paste', ...this.tokens.map((t) => t.uti)];
    // A logic app starts with no authentication: choosing it is the lesson.
    return validOr(allowed, this.picks.tokenChoice, this.isConnector ? 'none' : 'latest', 'none')!;
  });
  // A logic app's HTTP action: which identity, and the audience the platform asks for.
  readonly miChoices = $derived.by(() => this.source ? identityChoices(this.world, this.source) : []);
  readonly miValue = $derived.by(() => validOr(this.miChoices.map((c) => c.key), this.picks.miIdentity) ?? 'system');
  readonly audienceValue = $derived.by(() => this.picks.audience ?? (this.isConnector ? '' : this.entry.audience(this.world, this.targetValue)));

  /** A token in the picker: its audience, whose it is, and whether it is still valid. */
  tokenLabel(t: IssuedToken): string {
    const w = this.world;
    const who = w.servicePrincipals[t.principalId]?.displayName ?? w.deletedPrincipals[t.principalId]?.displayName ?? 'deleted identity';
    return `${t.audience} · ${who} · ${VALIDITY_WORDS[validity({ nbf: t.notBefore, exp: t.expiresOn }, w.now).state].toLowerCase()}`;
  }

  /** A value typed or picked in one of the operation's fields. */
  setField(key: FieldKey, value: string): void {
    this.picks.fields[`${this.service}.${key}`] = value;
  }

  /** The host of the resource the tab sits on, to tell which calls went to it. */
  readonly targetHost = $derived.by(() => {
    const target = this.#place().target;
    if (!target) return '';
    const id = TARGET_IDS.find((s) => TARGETS[s].kinds.includes(target.kind));
    return (id && TARGETS[id].host?.(this.world, target.id)) || '';
  });
}
