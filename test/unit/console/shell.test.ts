// The shell grammar: quoting, escapes, continuations and expansions, and that any words printed by
// quote() read back unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinWords, parseScript, quote, ShellSyntaxError, splitWords } from '../../../src/console/shell.ts';
import { session } from './host.ts';

describe('shell words', () => {
  it('splits on blanks and keeps quoted text whole', () => {
    expect(splitWords(`az role assignment create --role "Key Vault Secrets User" --scope '/a b'`)).toEqual(['az', 'role', 'assignment', 'create', '--role', 'Key Vault Secrets User', '--scope', '/a b']);
  });
  it('reads escapes as bash does: outside quotes any character, inside double quotes only $ ` " \\ and newline', () => {
    expect(splitWords(String.raw`a\ b "c\"d" "e\nf" 'g\h'`)).toEqual(['a b', 'c"d', String.raw`e\nf`, String.raw`g\h`]);
  });
  it('joins a line ending in a backslash with the next one', () => {
    expect(parseScript('az group create \\\n  -n rg -l westeurope')).toHaveLength(1);
    expect(splitWords('az group create \\\n  -n rg')).toEqual(['az', 'group', 'create', '-n', 'rg']);
  });
  it('separates commands on newlines and semicolons, and skips comments', () => {
    const cmds = parseScript('az group list # all of them\n\naz vm list; az identity list');
    expect(cmds.map((c) => c.source)).toEqual(['az group list # all of them', 'az vm list', 'az identity list']);
    expect(cmds[0]!.words).toHaveLength(3);
  });
  it('keeps "" as an empty word', () => {
    expect(splitWords(`echo "" x`)).toEqual(['echo', '', 'x']);
  });
  it('names unclosed quotes and unsupported operators in bash words', () => {
    expect(() => parseScript(`echo "abc`)).toThrow(ShellSyntaxError);
    expect(() => parseScript(`echo 'abc`)).toThrow("unexpected EOF while looking for matching `''");
    expect(() => parseScript('az vm list && az group list')).toThrow(/&&/);
    expect(() => parseScript('az vm list > out.json')).toThrow(/redirection/);
    expect(() => parseScript('echo $(az vm list')).toThrow(/matching `\)'/);
  });
  it('reads $VAR, ${VAR} and $(...) as expansions, and leaves them literal in single quotes', () => {
    const [c] = parseScript(`echo $A "\${B}x" '$C' "$(az group list --query "[].name" -o tsv)"`);
    const kinds = c!.words.slice(1).map((w) => w.map((p) => p.kind).join('+'));
    expect(kinds).toEqual(['var', 'text+var+text', 'text', 'text+sub']);
  });

  const word = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('[system]', 'Key Vault Secrets User', "it's", '$HOME', '$(rm -rf /)', 'a"b', '\\', '\n', '#x', '-n', '', ';', '|', "'", '`id`', '!', '~', '*'),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );

  it('reads back any words quote() printed, byte for byte (property)', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), (words) => {
        const line = joinWords(['echo', ...words]);
        const [cmd] = parseScript(line);
        expect(cmd!.words.every((w) => w.every((p) => p.kind === 'text'))).toBe(true);
        expect(splitWords(line)).toEqual(['echo', ...words]);
      }),
      { numRuns: 400 },
    );
  });

  it('quotes only what needs it', () => {
    expect(quote('rg-demo')).toBe('rg-demo');
    expect(quote('/subscriptions/x/resourceGroups/rg')).toBe('/subscriptions/x/resourceGroups/rg');
    expect(quote('Key Vault Secrets User')).toBe('"Key Vault Secrets User"');
    expect(quote("servicePrincipalType eq 'ManagedIdentity'")).toBe(`"servicePrincipalType eq 'ManagedIdentity'"`);
    expect(quote('$x')).toBe(`'$x'`);
  });
});

describe('running words, never evaluating them', () => {
  it('substitutes $(...) with what the inner command printed, and NAME=value sets a variable', async () => {
    const { console: c } = session();
    await c.run('az group create -n rg-demo -l westeurope');
    const r = await c.run('NAME=$(az group show -n rg-demo --query name -o tsv)\necho "group: $NAME"');
    expect(r.stdout).toBe('group: rg-demo\n');
  });
  it('runs nothing but the console: other programs are "command not found"', async () => {
    const { console: c, host } = session();
    const r = await c.run('echo $(rm -rf /)');
    expect(r.stderr).toContain('bash: rm: command not found');
    expect(host.actions).toEqual([]);
    const js = await c.run('eval "alert(1)"; node -e "process.exit()"');
    expect(js.stderr).toContain('bash: eval: command not found');
    expect(js.stderr).toContain('bash: node: command not found');
  });
  it('reports a syntax error with exit code 2 and runs nothing', async () => {
    const { console: c, host } = session();
    const r = await c.run(`az group create -n 'rg`);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^bash: unexpected EOF/);
    expect(host.actions).toEqual([]);
  });
});

describe('one pipe into jq', () => {
  it('takes a token into a variable and presents it to Key Vault', async () => {
    const { console: c } = session();
    await c.run(['az group create -n rg-demo -l westeurope', 'az vm create -g rg-demo -n web-1 --image x --assign-identity', 'az keyvault create -g rg-demo -n kv-demo-1', 'az keyvault secret set --vault-name kv-demo-1 -n db --value s3cret -o none'].join('\n'));
    const p = await c.run('az vm show -g rg-demo -n web-1 | jq -r .identity.principalId');
    expect(p.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    await c.run(`az role assignment create --assignee-object-id ${p.stdout.trim()} --role "Key Vault Secrets User" --scope $(az keyvault show -n kv-demo-1 --query id -o tsv)`);
    await c.run('az ssh vm -g rg-demo -n web-1');
    const t = await c.run(`TOKEN=$(curl -s -H Metadata:true "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net" | jq -r .access_token)`);
    expect(t.stderr).toBe('');
    const secret = await c.run('curl -s -H "Authorization: Bearer $TOKEN" "https://kv-demo-1.vault.azure.net/secrets/db?api-version=7.4"');
    // The new grant has not propagated yet (5 minutes on the sandbox clock): Key Vault says 403.
    expect(JSON.parse(secret.stdout).error.code).toBe('Forbidden');
  });
  it('refuses other pipes by name', async () => {
    const { console: c } = session();
    expect((await c.run('az group list | grep x')).stderr).toContain('pipes only into jq');
    expect(() => parseScript('az group list | jq . | jq .')).toThrow(/pipes other than one/);
  });
});
