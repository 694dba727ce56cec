// The example docs site as a static host would serve it (examples/serve.ts): /docs/guide/ from
// examples/docs-page, /docs/sandbox/ from dist/, with a Content-Security-Policy header on every file.
import type { BrowserContext, Page } from '@playwright/test';
import { CSP, serveFile } from '../../examples/serve.ts';

/** Serve /docs/** on this origin (and on `localhost`, a second origin) from the example and dist/. */
export async function serveSite(context: BrowserContext, options: { csp?: string; withoutHostileStyles?: boolean } = {}) {
  await context.route(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/docs\//, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (options.withoutHostileStyles && pathname.endsWith('/hostile.css')) return route.fulfill({ status: 200, contentType: 'text/css', body: '' });
    const { status, headers, body } = await serveFile(pathname, options.csp ?? CSP);
    await route.fulfill({ status, headers, body });
  });
}

/** Every console error and page error (a CSP violation is a console error) fails the test. */
export { pageErrors as watchErrors } from './helpers.ts';
