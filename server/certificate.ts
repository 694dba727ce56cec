// The endpoint's TLS certificate, made fresh at every start: a local CA (its private key never leaves
// this process) and a server certificate it signs for the loopback names and the simulated Azure host
// names that the endpoint answers for inside its proxy tunnels. Azure SDKs refuse to send bearer tokens
// over plain HTTP, so the endpoint speaks HTTPS; the learner's runtime trusts the CA through
// NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE or SSL_CERT_FILE.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import selfsigned from 'selfsigned';

/** Host names a tunnel may name, besides the loopback ones. Nothing else gets a certificate. */
export const SIMULATED_HOST_NAMES = ['*.vault.azure.net', '*.blob.core.windows.net', 'management.azure.com', 'login.microsoftonline.com', '*.azurewebsites.net'];

export interface Certificate {
  /** The CA certificate (PEM): what the learner's runtime must trust. */
  ca: string;
  cert: string;
  key: string;
}

export async function makeCertificate(extraHostNames: string[] = []): Promise<Certificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Managed Identity Sandbox local CA (not Microsoft)' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const names = [...new Set(['localhost', ...SIMULATED_HOST_NAMES, ...extraHostNames])];
  const leaf = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { ca: ca.cert, cert: leaf.cert, key: leaf.private };
}

/** Write the CA certificate where the learner's runtime can read it. */
export function writeCa(path: string, cert: Certificate): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, cert.ca);
}
