// Generate the pool of tenant signing keys the simulated Entra authority picks from.
// WebCrypto cannot derive an RSA key from a seed, so keys are made once here with openssl and committed;
// a world picks its tenant's keys from this pool by its tenant id. These keys sign sandbox tokens only:
// they are public test material, not secrets.
//
//   npx tsx scripts/generate-signing-keys.ts [count]   (writes src/sim/token/signing-keys.json)
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const count = Number(process.argv[2] ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'signing-keys-'));
const keys = [];
const caConfig = join(dir, 'ca.cnf');
mkdirSync(join(dir, 'db'));
writeFileSync(join(dir, 'db', 'index.txt'), '');
writeFileSync(caConfig, '[ca]\ndefault_ca = sandbox\n[sandbox]\ndatabase = db/index.txt\nnew_certs_dir = db\ndefault_md = sha256\npolicy = any\nunique_subject = no\nrand_serial = yes\n[any]\ncommonName = supplied\n');
try {
  for (let i = 0; i < count; i++) {
    const keyFile = join(dir, `key${i}.pem`);
    const certFile = join(dir, `cert${i}.pem`);
    const csrFile = join(dir, `req${i}.csr`);
    // Entra's signing certificates are self-signed, issued to this subject. `openssl ca -selfsign` is
    // used because it can set fixed validity dates that cover any sandbox clock a lesson is likely to use.
    execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=accounts.accesscontrol.windows.net', '-keyout', keyFile, '-out', csrFile], { stdio: 'ignore' });
    execFileSync('openssl', ['ca', '-batch', '-config', caConfig, '-selfsign', '-keyfile', keyFile, '-in', csrFile, '-out', certFile, '-startdate', '20250101000000Z', '-enddate', '20350101000000Z', '-notext'], { stdio: 'ignore', cwd: dir });
    const der = new X509Certificate(readFileSync(certFile)).raw;
    // Entra's kid and x5t are both the base64url SHA-1 thumbprint of the certificate.
    const kid = createHash('sha1').update(der).digest('base64url');
    const jwk = createPrivateKey(readFileSync(keyFile)).export({ format: 'jwk' });
    keys.push({ kid, x5c: [der.toString('base64')], jwk });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const out = new URL('../src/sim/token/signing-keys.json', import.meta.url);
writeFileSync(out, JSON.stringify({ note: 'Sandbox-only RSA keys with self-signed certificates (scripts/generate-signing-keys.ts). Public test material: never use them for anything real.', keys }, null, 1) + '\n');
console.log(`wrote ${keys.length} keys to ${out.pathname}`);
