// Azure's own words in an error response, pulled out of whichever shape the service uses: JSON
// `{error: {code, message}}` (Key Vault, ARM), `{error, error_description}` (IMDS, Entra ID),
// `{statusCode, message}` (App Service), Storage's XML, or only a WWW-Authenticate challenge (your API).
import { header, type HttpResponse } from '../../sim/index.ts';

export interface AzureWords {
  code: string;
  message: string;
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const xmlField = (body: string, name: string) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body);
  return m ? unescapeXml(m[1]!) : undefined;
};

function fromJson(body: string): AzureWords | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const e = v.error;
  if (typeof e === 'object' && e !== null) {
    const err = e as { code?: unknown; message?: unknown; innererror?: { code?: unknown } };
    const inner = typeof err.innererror?.code === 'string' ? ` (${err.innererror.code})` : '';
    return { code: `${String(err.code ?? '')}${inner}`, message: String(err.message ?? '') };
  }
  if (typeof e === 'string') return { code: e, message: typeof v.error_description === 'string' ? v.error_description : '' };
  if (typeof v.message === 'string') return { code: String(v.statusCode ?? ''), message: v.message };
  return undefined;
}

/** Azure's error code and message in a failed response; undefined for a success. */
export function azureWords(res: HttpResponse): AzureWords | undefined {
  if (res.status < 400) return undefined;
  const json = fromJson(res.body);
  if (json) return json;
  const code = xmlField(res.body, 'Code');
  if (code) {
    const detail = xmlField(res.body, 'AuthenticationErrorDetail');
    return { code, message: [xmlField(res.body, 'Message'), detail].filter(Boolean).join('\n') };
  }
  const challenge = header(res.headers, 'WWW-Authenticate');
  if (challenge) {
    const error = /error="([^"]*)"/.exec(challenge)?.[1];
    const description = /error_description="([^"]*)"/.exec(challenge)?.[1];
    return { code: error ?? 'WWW-Authenticate', message: description ?? challenge };
  }
  return { code: header(res.headers, 'x-ms-error-code') ?? String(res.status), message: res.body || res.statusText };
}
