// The sandbox's own refusals (not Azure's) in the words of the screen: its messages are written for
// scenario authors and name actions and fields ("token.request", `from`), which a learner never sees.
const REPLACEMENTS: [RegExp, string][] = [
  [/\bsend a token\.request first\b/g, 'ask for one on a Get a token tab first'],
  [/\buse token\.request to ask it for a token\b/g, 'ask it on a Get a token tab'],
  [/\ba target\.call\b/g, 'a call'],
  [/\btoken\.request\b/g, 'a token request (Get a token)'],
  [/\btarget\.call\b/g, 'a call (Call a target)'],
  [/name the logic app in `from`/g, 'send it from the logic app'],
  [/name it in `from`/g, 'send it from that resource'],
  [/Give either `token` or `authentication`, not both/g, 'Attach a token or use the logic app’s identity, not both'],
  [/exactly one of `request`, `sdk` or `clientCredentials`/g, 'one way of asking: the SDK, a raw request or a client secret'],
];

/** A sandbox refusal's code, as a heading: the sandbox's own ones are not Azure error codes. */
export function refusalTitle(code: string): string {
  return code === 'InvalidAction' ? 'The sandbox could not send this' : `The sandbox could not send this: ${code}`;
}

/** A sandbox message with internal action and field names put in the UI's words. */
export function learnerWords(message: string): string {
  return REPLACEMENTS.reduce((text, [pattern, words]) => text.replace(pattern, words), message);
}
