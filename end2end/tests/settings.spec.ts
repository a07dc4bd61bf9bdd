import { expect, test } from '@playwright/test';
import { hydrated, mailTo, signUp, signUpVerified, uniqueName, watchConsole } from './support';

test('edit my full name, with the rule checked before saving', async ({ page }) => {
  await signUp(page, uniqueName('dora'));
  await expect(page.getByTestId('full-name')).toHaveText('Not set');
  await page.getByRole('button', { name: 'Edit' }).click();
  const field = page.getByLabel('Full name');
  await field.fill('x'.repeat(101));
  await field.blur();
  await expect(page.getByText('Use at most 100 characters.')).toBeVisible();
  await field.fill('  Dora Márquez  ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('full-name')).toHaveText('Dora Márquez');
  await expect(page.getByRole('status').filter({ hasText: 'Name saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('full-name')).toHaveText('Dora Márquez');
});

test('cancel leaves the name as it was', async ({ page }) => {
  await signUp(page, uniqueName('eve'));
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Full name').fill('Someone Else');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('full-name')).toHaveText('Not set');
});

test('every preference changes the preview before saving', async ({ page }) => {
  const problems = watchConsole(page);
  await signUp(page, uniqueName('fred'));
  await page.getByRole('link', { name: 'Preferences' }).click();
  await expect(page).toHaveURL(/\/settings\/preferences$/);
  // 2026-11-22 00:05 UTC: Saturday evening in New York.
  await page.goto('/settings/preferences?at=1795305900000');
  await hydrated(page);
  const preview = page.getByTestId('preview');
  await expect(preview).toHaveText('Today at 12:05 AM, Sunday 11/22/2026, UTC');
  // The picker suggests every zone with its offset at that instant, as the server computes it.
  await page.getByLabel('Time zone').focus();
  await expect(page.locator('#time-zones option[value="Asia/Kathmandu"]')).toHaveText('Asia/Kathmandu (UTC+05:45)');
  await page.getByLabel('Time zone').fill('America/New_York');
  await expect(preview).toHaveText('Today at 7:05 PM, Saturday 11/21/2026, America/New_York');
  await page.getByLabel('Time format').selectOption('24h');
  await expect(preview).toHaveText('Today at 19:05, Saturday 11/21/2026, America/New_York');
  await page.getByLabel('Date format').selectOption('iso');
  await expect(preview).toHaveText('Today at 19:05, Saturday 2026-11-21, America/New_York');
  await page.getByLabel('Language').selectOption('de');
  await expect(preview).toHaveText('Heute um 19:05, Samstag 2026-11-21, America/New_York');
  await page.getByLabel('Time zone').fill('Mars/Olympus');
  await expect(page.getByText("'Mars/Olympus' is not a known time zone.", { exact: false })).toBeVisible();
  expect(problems).toEqual([]);
});

test('the browser and the server format the same instant identically', async ({ page }) => {
  await signUp(page, uniqueName('gail'));
  const at = 1791041400000; // Lord Howe's half-hour DST change
  await page.goto(`/settings/preferences?at=${at}`);
  await hydrated(page);
  await page.getByLabel('Time zone').fill('Australia/Lord_Howe');
  // The zone's rules come from the server as it is chosen; the preview names it once they are here.
  await expect(page.getByTestId('preview')).toContainText('Australia/Lord_Howe');
  await page.getByLabel('Date format').selectOption('international');
  const inBrowser = await page.getByTestId('preview').textContent();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preferences saved.' })).toBeVisible();
  // The first HTML, rendered by the server's copy of the same formatter.
  const html = await (await page.request.get(`/settings/preferences?at=${at}`)).text();
  const fromServer = html.match(/data-testid="preview"[^>]*>([^<]*)</)?.[1];
  expect(inBrowser).toBe('Today at 2:30 AM, Sunday 04/10/2026, Australia/Lord_Howe');
  expect(fromServer).toBe(inBrowser);
  // The saved zone's rules come with the page: the browser formats in it with no request for them.
  let asked = 0;
  await page.route('**/fn/rules_of_zone**', (route) => {
    asked += 1;
    return route.abort();
  });
  await page.goto(`/settings/preferences?at=${at}`);
  await hydrated(page);
  await page.getByLabel('Time format').selectOption('24h');
  await expect(page.getByTestId('preview')).toHaveText('Today at 02:30, Sunday 04/10/2026, Australia/Lord_Howe');
  expect(asked).toBe(0);
});

test('a dark theme is in the first HTML, so there is no light flash', async ({ page }) => {
  await signUp(page, uniqueName('hal'));
  await page.goto('/settings/preferences');
  await hydrated(page);
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const html = await (await page.request.get('/settings/profile')).text();
  expect(html).toMatch(/<html[^>]*data-theme="dark"/);
  await page.reload();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(15, 18, 24)');
});

test('client-side navigation between sections keeps the page', async ({ page }) => {
  await signUp(page, uniqueName('ivy'));
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByRole('link', { name: 'Preferences' }).click();
  await expect(page.getByRole('heading', { name: 'Preferences' })).toBeVisible();
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
});

test('change my email address through the link mailed to it', async ({ page }) => {
  const name = uniqueName('jo');
  // First the welcome mail's link proves the address (only a proven address hears of a change).
  await signUpVerified(page, name);
  await page.goto('/settings/profile');
  await hydrated(page);
  const newAddress = `${name}-new@example.org`;
  await page.getByRole('button', { name: 'Change' }).click();
  const field = page.getByLabel('New email address');
  await field.fill('not-an-address');
  await field.blur();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await field.fill(newAddress);
  await page.getByRole('button', { name: 'Send verification link' }).click();
  await expect(page.getByTestId('pending-email')).toContainText(newAddress);
  await expect(page.getByTestId('email')).toHaveText(`${name}@example.com`);

  const mail = await mailTo(newAddress);
  const link = mail.match(/http:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(link!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByRole('status')).toContainText(`Your email address is now ${newAddress}.`);

  await page.goto('/settings/profile');
  await expect(page.getByTestId('email')).toHaveText(newAddress);
  await expect(page.getByTestId('pending-email')).toHaveCount(0);
  const notice = await mailTo(`${name}@example.com`, 'was changed to');
  expect(notice).toContain('was changed to');

  // The link is single use.
  await page.goto(link!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByRole('alert')).toContainText('This link is invalid, used or expired.');
});

test('cancel a pending email change', async ({ page }) => {
  const name = uniqueName('kim');
  await signUp(page, name);
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByLabel('New email address').fill(`${name}-other@example.org`);
  await page.getByRole('button', { name: 'Send verification link' }).click();
  await expect(page.getByTestId('pending-email')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel change' }).click();
  await expect(page.getByTestId('pending-email')).toHaveCount(0);
});
