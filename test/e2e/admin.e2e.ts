/**
 * The admin panel in headless Chromium against the test app's built admin (how to run it: the
 * README's "Admin panel" section): log in, open each page, filter, follow a
 * notification's deliveries, retry a dead one, create a trigger with a live preview, send a test,
 * compose to a role, compose a digest and follow a merged delivery to it; a role without the plugin's
 * permissions sees no menu entry.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, login, newContext, screenshot } from './browser';
import { startServer, type E2eServer } from './server-process';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const PLUGIN = '/admin/plugins/notifs';
const browserErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await newContext(browser, server.url);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => browserErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && browserErrors.push(message.text()));
  await login(page, server.admin.email, server.admin.password);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Reloads until `check` passes: the queue drains every second, and a page shows what it loaded
 * (`ready`: an element that says the page's data is there).
 */
const eventually = async (check: () => Promise<boolean>, what: string, ready: string, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  await page.locator(ready).first().waitFor();
  while (!(await check())) {
    if (Date.now() > until) {
      await screenshot(page, `failed-${what.replace(/\W+/g, '-')}`);
      throw new Error(`Timed out waiting for ${what}; browser errors: ${browserErrors.join(' | ') || 'none'}`);
    }
    await page.waitForTimeout(1_000);
    await page.reload();
    await page.locator(ready).first().waitFor();
  }
};

const rows = (testId: string) => page.locator(`[data-testid="${testId}"]`);

describe('admin panel in a browser', () => {
  test('the menu has the plugin; the homepage shows the delivery health widget', async () => {
    await page.goto('/admin');
    await page.getByRole('link', { name: 'Notifications' }).first().waitFor();
    const widget = page.locator('[data-testid="notifs-health-widget"]');
    await widget.scrollIntoViewIfNeeded();
    await widget.getByText(/% delivered\)/).waitFor();
    await screenshot(page, '01-homepage');
    // The widget's body (Strapi gives it a fixed height) shows the whole chart: axis and legend, no scroll.
    const fit = await widget.evaluate((element) => {
      // Runs in the page; typed loosely, the suite's tsconfig has no DOM library.
      type Box = { scrollHeight: number; clientHeight: number; getBoundingClientRect(): { bottom: number } };
      const body = element.closest('main') as unknown as Box;
      const legend = element.querySelector('[data-testid="chart-legend"]') as unknown as Box;
      const bodyBox = body.getBoundingClientRect();
      return { scrolls: body.scrollHeight > body.clientHeight + 1, legendInside: legend.getBoundingClientRect().bottom <= bodyBox.bottom + 1 };
    });
    expect(fit).toEqual({ scrolls: false, legendInside: true });
    // Whole, round, evenly spaced ticks on the y axis (0, 1, 2… or 0, 2, 4…, never 0, 3, 5, 8).
    const ticks = (await widget.locator('[data-testid="chart-tick"] text').allTextContents()).map(Number);
    expect(ticks[0]).toBe(0);
    expect(ticks.every(Number.isInteger)).toBe(true);
    const steps = new Set(ticks.slice(1).map((tick, i) => tick - ticks[i]));
    expect(steps.size).toBe(1);
    expect([1, 2, 5, 10, 20, 50, 100]).toContain([...steps][0]);
  });

  test('notifications: the list, then filtered by category', async () => {
    await page.goto(`${PLUGIN}/notifications`);
    await rows('notification-row').nth(2).waitFor();
    expect(await rows('notification-row').count()).toBe(3);
    for (const name of ['Deliveries', 'Compose', 'Channels & providers', 'Triggers']) {
      await page.getByRole('link', { name, exact: true }).waitFor(); // the plugin's side navigation
    }
    await screenshot(page, '02-notifications');
    await page.getByLabel('Category').fill('orders');
    const filtered = page.waitForResponse((response) => response.url().includes('/notifs/notifications?') && response.url().includes('category=orders'));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/category=orders/);
    await filtered;
    await page.waitForTimeout(300); // the response is in; let React render it

    expect(await rows('notification-row').count()).toBe(2);
    await screenshot(page, '03-notifications-filtered');
  });

  test('notifications: the channel filter is a select of the registered channels, by their names', async () => {
    await page.goto(`${PLUGIN}/notifications`);
    await rows('notification-row').nth(2).waitFor();
    expect(await page.locator('input[name="channel"]').count()).toBe(0); // no free text
    await page.getByRole('combobox', { name: 'Channel' }).click();
    for (const name of ['Any', 'Console', 'Email', 'Slack', 'Webhook']) {
      await page.getByRole('option', { name, exact: true }).waitFor();
    }
    await page.getByRole('option', { name: 'Console', exact: true }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/channel=console/);
    for (let tries = 0; tries < 50 && (await rows('notification-row').count()) !== 1; tries += 1) await page.waitForTimeout(100);
    expect(await rows('notification-row').count()).toBe(1); // ben's news, the one sent through console
    await page.getByText('Weekly news').waitFor();
    // Opened from the URL, the select shows the channel's name, not its id.
    await page.reload();
    await page.getByRole('combobox', { name: 'Channel' }).filter({ hasText: /^Console$/ }).waitFor();
    await page.getByText('Weekly news').waitFor();
    await screenshot(page, '03c-notifications-by-channel');
  });

  test('notifications: a recipient found by name, and days from Strapi\'s date picker', async () => {
    await page.goto(`${PLUGIN}/notifications`);
    await rows('notification-row').nth(2).waitFor();
    // No native date input: Strapi's DatePicker (a combobox with a calendar).
    expect(await page.locator('input[type="date"], input[type="datetime-local"]').count()).toBe(0);
    await page.getByRole('combobox', { name: 'From' }).click();
    await page.getByRole('grid').first().waitFor();
    await page.keyboard.press('Enter'); // the calendar opens on today: every seeded notification is from today
    await page.getByLabel('Recipient').fill('ben');
    await page.getByRole('button', { name: '+ ben (ben@example.test)' }).click();
    await page.getByText('ben (ben@example.test)').first().waitFor();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(new RegExp(`recipient=${server.users.ben}`));
    expect(page.url()).toMatch(/from=\d{4}-\d{2}-\d{2}/);
    for (let tries = 0; tries < 50 && (await rows('notification-row').count()) !== 2; tries += 1) await page.waitForTimeout(100);
    expect(await rows('notification-row').count()).toBe(2);
    await screenshot(page, '03b-notifications-by-recipient');
  });

  test('a notification with its delivery: dead after its failure, sent after a retry', async () => {
    await page.getByRole('link', { name: `#${server.failingNotificationId}` }).click();
    await page.getByRole('heading', { name: `Notification #${server.failingNotificationId}` }).waitFor();
    await eventually(async () => (await page.locator('[data-status="dead"]').count()) === 1, 'the dead delivery', '[data-testid^="delivery-"]');
    await page.locator('[data-testid^="when-"]').getByText('Dead since').waitFor();
    await screenshot(page, '04-notification-dead');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Delivery queued again').first().waitFor();
    await eventually(async () => (await page.locator('[data-status="sent"]').count()) === 1, 'the delivery sent on retry', '[data-testid^="delivery-"]');
    await page.locator('[data-testid^="when-"]').getByText('Sent').waitFor();
    await screenshot(page, '05-notification-retried');
  });

  test('deliveries: counts per status and the chart', async () => {
    await page.goto(`${PLUGIN}/deliveries`);
    await page.locator('[data-testid="count-sent"]').waitFor();
    await page.locator('[data-testid="delivery-chart"]').first().waitFor();
    await page.getByText('No delivery in this state.').waitFor();
    await screenshot(page, '06-deliveries');
    // Sent ones, each with the moment that matters for its status.
    await page.getByRole('combobox').filter({ hasText: 'Failed and dead' }).click();
    await page.getByRole('option', { name: 'Sent', exact: true }).click();
    await page.locator('[data-testid^="when-"]').first().getByText('Sent').waitFor();
    await screenshot(page, '06b-deliveries-sent');
  });

  test('channels and providers: verify one, send a test and follow it', async () => {
    await page.goto(`${PLUGIN}/channels`);
    await page.locator('[data-testid="provider-console"]').getByRole('button', { name: 'Verify' }).click();
    await page.locator('[data-testid="verify-console"]').waitFor();
    // Channels by their names, ids beside them; a channel that cannot send says so.
    await page.getByRole('row', { name: /Pusher Channels \(pusher_channels\)/ }).getByText('cannot send').waitFor();
    // Each provider's declared options: label, required, set or not (a secret's value never reaches the page).
    const token = page.locator('[data-testid="option-slack-token"]');
    await token.getByText('Bot token').waitFor();
    await token.getByText('required', { exact: true }).waitFor();
    expect(await token.getAttribute('data-set')).toBe('false');
    await token.getByText('not set', { exact: true }).waitFor();
    await page.locator('[data-testid="option-pusher_channels-url"]').getByText('App URL').waitFor();
    await page.locator('[data-testid="provider-pusher_channels"]').getByText('or, as url:').waitFor();
    await page.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'Console' }).click();
    await page.getByLabel('Message').fill('Hello from the e2e suite');
    await page.getByLabel('Recipient user').fill('ann@');
    await page.getByRole('button', { name: '+ ann (ann@example.test)' }).click();
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Test notification queued').first().waitFor();
    await screenshot(page, '07-channels');
    await page.getByRole('link', { name: /Follow notification/ }).click();
    await page.getByText('Hello from the e2e suite').first().waitFor();
    await eventually(async () => (await page.locator('[data-status="sent"]').count()) === 1, 'the test delivery sent', '[data-testid^="delivery-"]');
  });

  test('triggers: create one with a live preview against a real entry', async () => {
    await page.goto(`${PLUGIN}/triggers`);
    await page.locator('[data-testid="trigger-row"]').first().waitFor(); // the code trigger
    await page.getByRole('button', { name: 'New trigger' }).click();
    await page.getByLabel('Name').fill('article-created');
    await page.getByRole('checkbox', { name: 'Console', exact: true }).click();
    await page.getByLabel('Short description template').fill('New article: {{entry.title}}');
    await page.getByRole('combobox', { name: 'Entry' }).click();
    await page.getByRole('option', { name: 'Hello world' }).click();
    const result = page.locator('[data-testid="preview-result"]');
    await result.getByText('New article: Hello world').waitFor();
    // Labels as people write them (innerText applies CSS text-transform), recipients by name.
    expect(await result.innerText()).toContain('Short description');
    expect(await result.innerText()).not.toContain('SHORTDESCRIPTION');
    await page.getByTestId('preview-recipients').getByText('ann (ann@example.test)').waitFor();
    // A condition, honoured by the preview: the entry's title is not "Other", then it is "Hello world".
    await page.getByRole('combobox', { name: 'Only when' }).click();
    await page.getByRole('option', { name: 'title', exact: true }).click();
    await page.getByLabel('Value').fill('Other');
    await page.getByText('The condition does not hold for this entry').waitFor();
    await screenshot(page, '08a-trigger-condition-holds-not');
    await page.getByLabel('Value').fill('Hello world');
    await result.getByText('New article: Hello world').waitFor();
    await screenshot(page, '08-trigger-preview');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Trigger "article-created" saved').first().waitFor();
    await page.getByRole('link', { name: 'article-created' }).waitFor();
    // Content types and channels by their display names.
    const row = page.locator('[data-testid="trigger-row"]', { has: page.getByRole('link', { name: 'article-created' }) });
    await row.getByText('Article', { exact: true }).waitFor();
    await row.getByText('Console', { exact: true }).waitFor();
    await screenshot(page, '09-triggers');
    // Saved with its condition: the edit form shows it.
    await page.getByRole('link', { name: 'article-created' }).click();
    expect(await page.getByLabel('Value').inputValue()).toBe('Hello world');
    await screenshot(page, '09b-trigger-edit');
  });

  test('compose: a form left empty is refused, each field named in words', async () => {
    await page.goto(`${PLUGIN}/compose`);
    // Only channels that can send: console and the test app's probe; email has no transport here.
    await page.getByRole('checkbox', { name: 'Console', exact: true }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Email', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText(/Channels: pick at least one channel/).first().waitFor();
    await page.getByText(/Message: write the message to send/).first().waitFor();
    await page.waitForTimeout(500); // the toast slides in
    await screenshot(page, '10a-compose-refused');
    await page.getByRole('checkbox', { name: 'Console', exact: true }).click();
    await page.getByLabel('Message').fill('Hello');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const nobody = page.getByText('Recipients: choose at least one user, or a role').first();
    await nobody.waitFor();
    expect(await nobody.innerText()).not.toMatch(/not both/);
  });

  test('compose: to users found by name, then to every user of a role, without a reload', async () => {
    await page.goto(`${PLUGIN}/compose`);
    await page.getByLabel('Find users by name or email').fill('an');
    await page.getByRole('button', { name: '+ ann (ann@example.test)' }).click();
    await page.getByRole('checkbox', { name: 'Console', exact: true }).click();
    await page.getByLabel('Message').fill('Your parcel is late');
    const send = page.getByRole('button', { name: 'Send', exact: true });
    await send.click();
    await page.locator('[data-testid="compose-progress"][data-status="done"]').waitFor();
    // The real outcome, and Send usable again for the next message.
    await page.getByText('Notification stored and queued for 1 of 1 recipients').first().waitFor();
    expect(await send.isEnabled()).toBe(true);

    await page.getByRole('radio', { name: 'A role' }).click();
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: /Authenticated/ }).click();
    await page.getByLabel('Message').fill('Maintenance tonight');
    await send.click();
    await page.locator('[data-testid="compose-progress"][data-status="done"]').getByText('2 of 2 recipients', { exact: true }).waitFor();
    await page.getByText('Notification stored and queued for 2 of 2 recipients').first().waitFor();
    expect(await send.isEnabled()).toBe(true);
    await screenshot(page, '10-compose');
  });

  test('compose with a digest: a refused window named as the form names it, then merged rows that lead to their digest', async () => {
    await page.goto(`${PLUGIN}/compose`);
    await page.getByLabel('Find users by name or email').fill('an');
    await page.getByRole('button', { name: '+ ann (ann@example.test)' }).click();
    await page.getByRole('checkbox', { name: 'Console', exact: true }).click();
    await page.getByLabel('Digest key (optional)').fill('e2e-digest');
    const windowField = page.getByLabel('Digest window, in seconds');
    await windowField.fill('0');
    await page.getByLabel('Message').fill('Digest part one');
    const send = page.getByRole('button', { name: 'Send', exact: true });
    await send.click();
    await page.getByText(/Digest window: must be at least 1 second/).first().waitFor();
    await screenshot(page, '10b-compose-digest-refused');
    await windowField.fill('3600');
    await send.click();
    await page.locator('[data-testid="compose-progress"][data-status="done"]').waitFor();
    await page.getByLabel('Message').fill('Digest part two');
    await send.click();
    await screenshot(page, '10c-compose-digest');

    // Both merged into one digest delivery, due in an hour (the second job may still be running: look again).
    const mergedRows = page.locator('[data-testid^="delivery-"]', { has: page.locator('[data-status="merged"]') });
    for (let tries = 0; tries < 20; tries += 1) {
      await page.goto(`${PLUGIN}/deliveries`);
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Merged into digests' }).click();
      await mergedRows.first().waitFor();
      if ((await mergedRows.count()) >= 2) break;
      await page.waitForTimeout(500);
    }
    expect(await mergedRows.count()).toBe(2);
    await mergedRows.first().getByText('“e2e-digest”').waitFor();
    const link = mergedRows.first().getByRole('link', { name: /^Merged into #\d+$/ });
    const digestId = Number((await link.innerText()).replace(/\D/g, ''));
    await screenshot(page, '06c-deliveries-merged');
    await link.click();
    await page.waitForURL(new RegExp(`mergedInto=${digestId}`));
    await page.getByRole('heading', { name: `Digest #${digestId}`, exact: true }).waitFor();
    const digestRow = page.locator(`[data-testid="delivery-${digestId}"]`);
    await digestRow.getByRole('link', { name: 'Digest “e2e-digest”: 2 merged' }).waitFor();
    await digestRow.locator('[data-status="queued"]').waitFor();
    await page.getByTestId('digest-members-title').waitFor();
    const members = page.locator('[data-testid^="delivery-"]', { has: page.locator('[data-status="merged"]') });
    for (let tries = 0; tries < 50 && (await members.count()) !== 2; tries += 1) await page.waitForTimeout(100);
    expect(await members.count()).toBe(2);
    await screenshot(page, '06d-digest-members');
    await page.getByRole('button', { name: 'Back to all deliveries' }).click();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    expect(page.url()).not.toMatch(/mergedInto/);
  });

  test("the plugin's actions can be given to a role in Settings, grouped by resource", async () => {
    await page.goto('/admin/settings/roles');
    await page.getByText('E2E editor').first().click();
    await page.getByRole('tab', { name: 'Plugins' }).click();
    await page.getByText('Permissions settings for the notifs plugin').click();
    const action = page.getByText('Read notifications and deliveries').first();
    await action.waitFor();
    // Grouped as the admin's pages are named (the section title itself is Strapi's, from the plugin id).
    await page.getByText('Notifications and deliveries', { exact: true }).first().waitFor();
    await page.getByText('Channels and providers', { exact: true }).first().waitFor();
    await action.scrollIntoViewIfNeeded();
    await screenshot(page, '12-role-permissions');
  });

  test('an admin who may only read sees the read pages, without send actions', async () => {
    const other = await newContext(browser, server.url);
    const reader = await other.newPage();
    await login(reader, server.reader.email, server.reader.password);
    await reader.goto(`${PLUGIN}/deliveries`);
    await reader.locator('[data-testid="count-sent"]').waitFor();
    // The side navigation lists only the pages the role may open.
    const sideLink = (page: string) => reader.locator(`a[href$="/plugins/notifs/${page}"]`);
    for (const name of ['notifications', 'deliveries']) await sideLink(name).first().waitFor();
    for (const name of ['compose', 'channels', 'triggers']) expect(await sideLink(name).count()).toBe(0);
    await reader.goto(`${PLUGIN}/notifications/${server.failingNotificationId}`);
    await reader.locator('[data-testid^="delivery-"]').first().waitFor();
    expect(await reader.getByRole('button', { name: 'Resend' }).count()).toBe(0);
    await screenshot(reader, '13-reader');
    await reader.goto(`${PLUGIN}/compose`);
    await reader.getByText("You don't have the permissions to access that content").waitFor();
    await other.close();
  });

  test('an admin without the plugin permissions sees no menu entry and no page', async () => {
    const other = await newContext(browser, server.url);
    const restricted = await other.newPage();
    await login(restricted, server.restricted.email, server.restricted.password);
    await restricted.goto('/admin');
    await restricted.getByRole('navigation').first().waitFor();
    expect(await restricted.getByRole('link', { name: 'Notifications' }).count()).toBe(0);
    await restricted.goto(`${PLUGIN}/notifications`);
    await restricted.getByText("You don't have the permissions to access that content").waitFor();
    expect(await restricted.locator('[data-testid="notification-row"]').count()).toBe(0);
    await screenshot(restricted, '11-restricted');
    await other.close();
  });
});
