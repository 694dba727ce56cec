import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [w, h] of [[1280, 720], [390, 844]]) for (const scheme of ['light', 'dark']) {
  const p = await b.newPage({ viewport: { width: w, height: h }, colorScheme: scheme, ignoreHTTPSErrors: true });
  await p.goto('https://127.0.0.1:4390/');
  await p.getByTestId('live-bar').waitFor();
  await p.waitForTimeout(2500);
  await p.screenshot({ path: `/tmp/live-${w}-${scheme}.png` });
  await p.close();
}
await b.close();
