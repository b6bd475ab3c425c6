// Opens the fresh app's admin in headless Chromium, logs in, visits the plugin's pages and prints
// each page's title; screenshots in <dir>. Exits 1 on a wrong title or an error from the app.
// Usage: NODE_PATH=<plugin checkout>/node_modules node admin-check.js <base url> <dir>
const { chromium } = require('playwright-core');
const base = process.argv[2] || 'http://localhost:1441';
const dir = process.argv[3] || '.';
const titles = { '': 'Notifications', '/deliveries': 'Deliveries', '/compose': 'Compose', '/channels': 'Channels & providers', '/triggers': 'Triggers' };
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  // Strapi's admin fetches a few things from the internet (blocked here): "Failed to fetch" is theirs.
  page.on('pageerror', (e) => /Failed to fetch/.test(e.message) || errors.push(`pageerror: ${e.message.slice(0, 200)}`));
  page.on('console', (m) => m.type() === 'error' && !/ERR_NAME_NOT_RESOLVED/.test(m.text()) && errors.push(`console: ${m.text()}`));
  page.on('requestfailed', (r) => !r.url().startsWith(base) || errors.push(`failed: ${r.url()}`));
  await page.goto(`${base}/admin/auth/login`);
  await page.fill('input[name=email]', 'admin@example.com');
  await page.fill('input[name=password]', 'Admin1234!');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
  for (const [path, title] of Object.entries(titles)) {
    await page.goto(`${base}/admin/plugins/notifs${path}`);
    await page.waitForTimeout(2500);
    const name = path.replace('/', '') || 'notifications';
    await page.screenshot({ path: `${dir}/${name}.png` });
    const h1 = await page.locator('h1').first().textContent().catch(() => null);
    console.log(`${name}: ${h1}`);
    if (h1 !== title) errors.push(`${name}: expected the title "${title}", saw "${h1}"`);
  }
  await browser.close();
  if (errors.length) {
    console.error(errors.join('\n'));
    process.exit(1);
  }
  console.log('admin pages: ok');
})().catch((e) => { console.error(e); process.exit(1); });
