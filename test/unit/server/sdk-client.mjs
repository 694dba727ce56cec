// Learner-style code, run by the endpoint tests in a child process with the endpoint's printed
// environment: real @azure/identity and @azure/keyvault-secrets, unchanged. Reads a JSON list of cases
// from argv[2] and prints one JSON result per case.
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { createRemoteJWKSet, jwtVerify } from 'jose';

/**
 * What an API's JWT middleware does with a bearer token: find the tenant's keys through its OpenID
 * discovery document, then check signature, issuer and audience.
 */
async function requireToken(authorization, { discovery, audience }) {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new Error('no bearer token');
  const doc = await (await fetch(discovery)).json();
  const jwks = createRemoteJWKSet(new URL(doc.jwks_uri));
  const { payload } = await jwtVerify(token, jwks, { issuer: doc.issuer, audience, algorithms: ['RS256'] });
  return payload;
}

const cases = JSON.parse(process.argv[2]);
const results = [];
for (const c of cases) {
  if (c.parallel) {
    // N processes starting at once: each has its own credential, so its own token cache.
    const settled = await Promise.allSettled(Array.from({ length: c.parallel }, () => new ManagedIdentityCredential(c.options ?? {}).getToken(c.scopes)));
    results.push(settled.map((s) => (s.status === 'fulfilled' ? { ok: true } : { ok: false, name: s.reason.name, message: s.reason.message })));
    continue;
  }
  try {
    const credential = c.credential === 'DefaultAzureCredential' ? new DefaultAzureCredential(c.options ?? {}) : new ManagedIdentityCredential(c.options ?? {});
    if (c.secret) {
      const client = new SecretClient(c.vaultUrl, credential);
      const s = await client.getSecret(c.secret);
      results.push({ ok: true, value: s.value });
    } else {
      const t = await credential.getToken(c.scopes);
      const verified = c.verify ? await requireToken(`Bearer ${t.token}`, c.verify) : undefined;
      results.push({ ok: true, token: t.token, expiresOnTimestamp: t.expiresOnTimestamp, verified });
    }
  } catch (e) {
    results.push({ ok: false, name: e.name, message: e.message, statusCode: e.statusCode, code: e.code });
  }
}
process.stdout.write(JSON.stringify(results));
