/**
 * Headless Chromium for the end-to-end suite: playwright-core (from NOTIFS_PLAYWRIGHT_CORE when it
 * is installed outside the repository) driving Debian's chromium, external requests blocked, the
 * admin's guided tour and survey switched off, screenshots under test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const SCREENSHOTS = path.resolve(__dirname, '../../test-results/screenshots');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** playwright-core: the devDependency, or the copy NOTIFS_PLAYWRIGHT_CORE points at. */
const loadPlaywright = (): typeof import('playwright-core') => {
  const where = process.env.NOTIFS_PLAYWRIGHT_CORE ?? 'playwright-core';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(where) as typeof import('playwright-core');
  } catch (error) {
    throw new Error(
      `Cannot load playwright-core from "${where}": add it as a devDependency, or set NOTIFS_PLAYWRIGHT_CORE to its folder (${(error as Error).message})`
    );
  }
};

export const launchBrowser = async (): Promise<Browser> => {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  return loadPlaywright().chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
};

/** A context that only talks to `base` (the admin calls api.github.com and others on load). */
export const newContext = async (browser: Browser, base: string): Promise<BrowserContext> => {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 1000 } });
  await context.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  const hidden = {
    STRAPI_GUIDED_TOUR: { tours: {}, enabled: false, hidden: true, completedActions: [] },
    STRAPI_NPS_SURVEY_SETTINGS: { enabled: false, lastResponseDate: null, firstDismissalDate: null, lastDismissalDate: null },
  };
  // Runs in the page before the admin's scripts: the guided tour and the survey stay closed.
  await context.addInitScript({
    content: Object.entries(hidden)
      .map(([key, value]) => `window.localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(value))});`)
      .join('\n'),
  });
  return context;
};

/** Logs in through the admin's form and waits for the app shell. */
export const login = async (page: Page, email: string, password: string): Promise<void> => {
  await page.goto('/admin/auth/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30_000 });
  await page.getByRole('navigation').first().waitFor();
};

/**
 * How tall the window must be to show the whole page: the admin scrolls inside its own containers,
 * not the document, so Playwright's `fullPage` alone would stop at the window's height.
 * (A string: it runs in the page, and this suite's tsconfig has no DOM library.)
 */
const CONTENT_HEIGHT = `(() => {
  let extra = 0;
  for (const element of document.querySelectorAll('*')) {
    const overflow = getComputedStyle(element).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && element.scrollHeight > element.clientHeight + 1) {
      extra = Math.max(extra, element.scrollHeight - element.clientHeight);
    }
  }
  return Math.max(document.documentElement.scrollHeight, window.innerHeight + extra);
})()`;

/** Saves a screenshot of the whole page (grown to its content's height) as test-results/screenshots/<name>.png. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const viewport = page.viewportSize();
  const height = Math.min(8_000, (await page.evaluate<number>(CONTENT_HEIGHT)) || 0);
  if (viewport && height > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height });
    await page.waitForTimeout(200); // let the layout settle at the new size
  }
  try {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  } finally {
    if (viewport && height > viewport.height) await page.setViewportSize(viewport);
  }
};
