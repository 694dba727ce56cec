// The create dialog's inputs beyond the name, read from each kind's registry entry (KINDS[k].createFields):
// what they start as, which a kind shows, and what they add to the `resource.create` action. A new kind's
// inputs are its entry's; nothing here names a kind.
import { KINDS, RESOURCE_KIND_VALUES, type CreatableKind, type KindSpec } from '../../sim/index.ts';

type CreateField = NonNullable<KindSpec['createFields']>[number];

/** The fields of a kind, in the order the dialog shows them. */
export function fieldsOf(kind: CreatableKind): readonly CreateField[] {
  return (KINDS[kind] as KindSpec).createFields ?? [];
}

/** Every field's starting value, by the action property it fills (kept while the learner switches kinds). */
export function initialValues(): Record<string, string> {
  return Object.fromEntries(RESOURCE_KIND_VALUES.flatMap((k) => fieldsOf(k).map((f) => [f.action, f.initial])));
}

/** What the kind's fields add to the action: a choice always, a text box when it is not empty (trimmed). */
export function createOptions(kind: CreatableKind, values: Readonly<Record<string, string>>): Record<string, string | string[]> {
  return Object.fromEntries(
    fieldsOf(kind).flatMap((f) => {
      const value = values[f.action] ?? f.initial;
      if (f.input === 'choice') return [[f.action, value]];
      const text = value.trim();
      return text ? [[f.action, f.many ? [text] : text]] : [];
    }),
  );
}
