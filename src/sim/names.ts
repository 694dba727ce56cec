// Azure's naming rules ("Naming rules and restrictions for Azure resources"), and the error each
// resource provider answers with when a name breaks them.
import type { AzureError } from './refusal.ts';
import { hasHidden, hiddenCodes, isolate, revealHidden } from './hidden.ts';

/** What is wrong with a name, in words; null when the name is valid. */
type Check = (name: string) => string | null;

const length = (min: number, max: number): Check => (n) =>
  n.length < min || n.length > max ? `must be ${min === max ? min : `${min} to ${max}`} characters long (it has ${n.length})` : null;
const chars = (pattern: RegExp, words: string): Check => (n) => (pattern.test(n) ? null : `may contain only ${words}`);
const rule = (test: (n: string) => boolean, words: string): Check => (n) => (test(n) ? null : words);

function all(...checks: Check[]): Check {
  return (n) => {
    for (const c of checks) {
      const problem = c(n);
      if (problem) return problem;
    }
    return null;
  };
}

const noDoubleHyphen = rule((n) => !n.includes('--'), "can't contain consecutive hyphens");

export interface NameRule {
  /** The rule as the naming-rules table states it, for forms and hints. */
  summary: string;
  check: Check;
  /** The provider's own error for a name that breaks the rule. */
  error: (name: string, problem: string) => AzureError;
}

// Resource group names: letters or digits (Unicode), underscores, hyphens, periods, parentheses.
const RG_ALLOWED = /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_\-.()]*$/u;

export const RESOURCE_GROUP_RULE: NameRule = {
  summary: '1-90 characters: letters, digits, underscores, hyphens, periods and parentheses; not ending with a period.',
  check: all(length(1, 90), chars(RG_ALLOWED, 'letters, digits, underscores, hyphens, periods and parentheses'), rule((n) => !n.endsWith('.'), "can't end with a period")),
  error: (name) => {
    // Invisible characters in the list are shown by code point: listed raw they could not be seen.
    const bad = revealHidden([...new Set([...name].filter((c) => !RG_ALLOWED.test(c)))].join(''));
    return {
      status: 400,
      code: 'InvalidResourceGroup',
      message: bad
        ? `The provided resource group name '${name}' has these invalid characters: '${bad}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`
        : `The provided resource group name '${name}' is invalid. Resource group names can be 1 to 90 characters long and can't end with a period.`,
    };
  },
};

/** ARM's generic code for a bad name; the provider's exact sentence is not on record, so the rule is stated. */
export const invalidResourceName = (rule: string) => (name: string): AzureError => ({
  status: 400,
  code: 'InvalidResourceName',
  message: `Resource name ${name} is invalid. ${rule}`,
});

const SITE_CHECK = all(length(2, 60), chars(/^[A-Za-z0-9-]*$/, 'letters, digits and hyphens'), rule((n) => !n.startsWith('-') && !n.endsWith('-'), "can't start or end with a hyphen"));

// Per-kind rules; the kinds registry (kinds.ts) says which kind uses which.
export const VM_NAME_RULE: NameRule = {
  summary: "1-64 characters (the host name of a Linux VM). No spaces or ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : . ' \" , < > / ?; can't end with a period or hyphen.",
  check: all(
    length(1, 64),
    rule((n) => !/[\s\p{Cc}\p{Cf}`~!@#$%^&*()=+_[\]{}\\|;:.'",<>/?]/u.test(n), "can't contain spaces, control characters or ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : . ' \" , < > / ?"),
    rule((n) => !n.endsWith('-') && !n.endsWith('.'), "can't end with a period or hyphen"),
  ),
  // Compute checks the name as the Linux host name.
  error: () => ({
    status: 400,
    code: 'InvalidParameter',
    message: "Linux host name cannot exceed 64 characters in length or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : ' \" , < > / ?.",
  }),
};

export const WEB_APP_NAME_RULE: NameRule = {
  summary: '2-60 characters: letters, digits and hyphens; not starting or ending with a hyphen. Globally unique (<name>.azurewebsites.net).',
  check: SITE_CHECK,
  error: (name) => ({ status: 400, code: 'BadRequest', message: `The host name ${name}.azurewebsites.net is invalid.` }),
};

export const FUNCTION_APP_NAME_RULE: NameRule = {
  summary: '2-60 characters: letters, digits and hyphens; not starting or ending with a hyphen. Globally unique (<name>.azurewebsites.net).',
  check: SITE_CHECK,
  error: (name) => ({ status: 400, code: 'BadRequest', message: `The host name ${name}.azurewebsites.net is invalid.` }),
};

export const SLOT_NAME_RULE: NameRule = {
  summary: '2-59 characters: letters, digits and hyphens.',
  check: all(length(2, 59), chars(/^[A-Za-z0-9-]*$/, 'letters, digits and hyphens')),
  error: (name) => ({ status: 400, code: 'BadRequest', message: `Name ${name} is not valid.` }),
};

export const LOGIC_APP_NAME_RULE: NameRule = {
  summary: '1-43 characters: letters, digits, hyphens, underscores, periods and parentheses.',
  check: all(length(1, 43), chars(/^[A-Za-z0-9\-_.()]*$/, 'letters, digits, hyphens, underscores, periods and parentheses')),
  error: invalidResourceName('The name can be 1 to 43 characters long and may contain letters, digits, hyphens, underscores, periods and parentheses.'),
};

export const CONTAINER_APP_NAME_RULE: NameRule = {
  summary: "2-32 characters: lowercase letters, digits and hyphens; start with a letter, end with a letter or digit, no '--'.",
  check: all(
    length(2, 32),
    chars(/^[a-z0-9-]*$/, 'lowercase letters, digits and hyphens'),
    rule((n) => /^[a-z]/.test(n) && /[a-z0-9]$/.test(n), 'must start with a letter and end with a letter or digit'),
    noDoubleHyphen,
  ),
  error: (name) => ({
    status: 400,
    code: 'ContainerAppInvalidName',
    message: `Invalid ContainerApp name '${name}'. A name must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character and cannot have '--'. The length must be between 2 and 32 characters inclusive.`,
  }),
};

export const KEY_VAULT_NAME_RULE: NameRule = {
  summary: 'Globally unique, 3-24 characters: letters, digits and hyphens; start with a letter, end with a letter or digit, no consecutive hyphens.',
  check: all(
    length(3, 24),
    chars(/^[A-Za-z0-9-]*$/, 'letters, digits and hyphens'),
    rule((n) => /^[A-Za-z]/.test(n) && /[A-Za-z0-9]$/.test(n), 'must start with a letter and end with a letter or digit'),
    noDoubleHyphen,
  ),
  error: (name) => ({
    status: 400,
    code: 'VaultNameNotValid',
    message: `The vault name '${name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens. Follow this link for more information: https://go.microsoft.com/fwlink/?linkid=2147742`,
  }),
};

export const STORAGE_ACCOUNT_NAME_RULE: NameRule = {
  summary: 'Globally unique, 3-24 characters: lowercase letters and digits only.',
  check: all(length(3, 24), chars(/^[a-z0-9]*$/, 'lowercase letters and digits')),
  error: (name) => ({
    status: 400,
    code: 'AccountNameInvalid',
    message: `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`,
  }),
};

export const USER_ASSIGNED_IDENTITY_NAME_RULE: NameRule = {
  summary: '3-128 characters: letters, digits, hyphens and underscores; start with a letter or digit.',
  check: all(length(3, 128), chars(/^[A-Za-z0-9_-]*$/, 'letters, digits, hyphens and underscores'), rule((n) => /^[A-Za-z0-9]/.test(n), 'must start with a letter or digit')),
  error: invalidResourceName('The name can be 3 to 128 characters long, must start with a letter or number, and may contain letters, numbers, hyphens and underscores.'),
};

export const SERVICE_BUS_NAMESPACE_NAME_RULE: NameRule = {
  summary: "Globally unique, 6-50 characters: letters, digits and hyphens; start with a letter, end with a letter or digit, and not end with '-sb' or '-mgmt'.",
  check: all(
    length(6, 50),
    chars(/^[A-Za-z0-9-]*$/, 'letters, digits and hyphens'),
    rule((n) => /^[A-Za-z]/.test(n) && /[A-Za-z0-9]$/.test(n), 'must start with a letter and end with a letter or digit'),
    rule((n) => !/-(sb|mgmt)$/i.test(n), "can't end with '-sb' or '-mgmt'"),
  ),
  error: invalidResourceName("The namespace name can contain only letters, numbers and hyphens, must be 6 to 50 characters long, start with a letter, end with a letter or number, and not end with '-sb' or '-mgmt'."),
};

/** A Service Bus queue's name (its entity path). */
export const SERVICE_BUS_QUEUE_NAME_RULE: NameRule = {
  summary: '1-260 characters: letters, digits, periods, hyphens, underscores and slashes; start and end with a letter or digit.',
  check: all(length(1, 260), chars(/^[A-Za-z0-9._\/-]*$/, 'letters, digits, periods, hyphens, underscores and slashes'), rule((n) => /^[A-Za-z0-9]/.test(n) && /[A-Za-z0-9]$/.test(n), 'must start and end with a letter or digit')),
  error: invalidResourceName('The queue name can contain only letters, numbers, periods, hyphens, underscores and slashes, and must start and end with a letter or number.'),
};

/** A SQL database's name (naming rules for Microsoft.Sql/servers/databases). */
export const SQL_DATABASE_NAME_RULE: NameRule = {
  summary: "1-128 characters; none of < > * % & : \\ / ? or control characters; can't end with a period or space.",
  check: (n) =>
    n.length < 1 || n.length > 128 ? `must be 1 to 128 characters long (it has ${n.length})`
    : /[<>*%&:\\/?\p{Cc}]/u.test(n) ? "can't contain < > * % & : \\ / ? or control characters"
    : /[. ]$/.test(n) ? "can't end with a period or space"
    : null,
  error: (name) => ({ status: 400, code: 'InvalidResourceName', message: `Resource name ${name} is invalid. A database name can be 1 to 128 characters long, can't contain < > * % & : \\ / ? or control characters, and can't end with a period or space.` }),
};


export const SECRET_NAME_RULE: NameRule = {
  summary: '1-127 characters: letters, digits and hyphens.',
  check: all(length(1, 127), chars(/^[A-Za-z0-9-]*$/, 'letters, digits and hyphens')),
  error: () => ({
    status: 400,
    code: 'BadParameter',
    message: 'The request URI contains an invalid name',
  }),
};

export const CONTAINER_NAME_RULE: NameRule = {
  summary: '3-63 characters: lowercase letters, digits and hyphens; start with a letter or digit; no consecutive hyphens.',
  check: all(length(3, 63), chars(/^[a-z0-9-]*$/, 'lowercase letters, digits and hyphens'), rule((n) => /^[a-z0-9]/.test(n), 'must start with a lowercase letter or digit'), noDoubleHyphen),
  error: () => ({ status: 400, code: 'InvalidResourceName', message: 'The specifed resource name contains invalid characters.' }),
};

export const BLOB_NAME_RULE: NameRule = {
  summary: '1-1024 characters; avoid ending with a period or slash.',
  check: all(length(1, 1024)),
  error: () => ({ status: 400, code: 'InvalidResourceName', message: 'The specifed resource name contains invalid characters.' }),
};

/** Check a name; the provider's error when it fails (the name isolated in it, so a bidi override cannot reverse the sentence). */
export function validateName(rule: NameRule, name: string): AzureError | null {
  const problem = rule.check(name);
  if (!problem) return null;
  const error = rule.error(name, problem);
  return hasHidden(name) ? { ...error, message: error.message.split(name).join(isolate(name)) } : error;
}

/** For the learner: a name that holds invisible or direction-changing characters, named by code point. */
export function hiddenCharacterNote(name: string): string | null {
  const codes = hiddenCodes(name);
  if (!codes.length) return null;
  return `The name holds ${codes.length === 1 ? 'an invisible or direction-changing character' : 'invisible or direction-changing characters'} (${codes.join(', ')}): it does not read as it looks. Azure refuses them in this kind of name.`;
}
