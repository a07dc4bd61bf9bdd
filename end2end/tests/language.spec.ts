import { expect, test } from '@playwright/test';
import { hydrated, signUp, uniqueName } from './support';

test('German: the page and a validation message change at once, without a reload', async ({ page }) => {
  await signUp(page, uniqueName('uwe'));
  await page.getByRole('link', { name: 'Preferences' }).click();
  await expect(page).toHaveURL(/\/settings\/preferences$/);
  await hydrated(page);
  await page.evaluate(() => ((window as any).sameDocument = true));

  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('button', { name: 'Save preferences', exact: true }).click();

  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Darstellung');
  await expect(page.getByRole('link', { name: 'Profil' })).toBeVisible();
  // The save's confirmation outlives the page's re-rendering in the new language.
  await expect(page.getByRole('status').filter({ hasText: 'Einstellungen gespeichert.' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);

  // A live check from the domain answers in German.
  const zone = page.getByLabel('Zeitzone');
  await zone.fill('Mars/Olympus');
  await zone.blur();
  await expect(page.getByText("'Mars/Olympus' ist keine bekannte Zeitzone", { exact: false })).toBeVisible();

  // The server renders German from the first byte on.
  const first = await (await page.request.get('/settings/preferences')).text();
  expect(first).toContain('<html lang="de"');
  expect(first).toContain('Darstellung');

  // Back to English (a valid zone first: the form keeps an invalid one from being saved).
  await zone.fill('UTC');
  await page.getByLabel('Sprache').selectOption('en');
  await page.getByRole('button', { name: 'Einstellungen speichern', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Preferences');
});

test('a visitor gets the log-in page in the language of Accept-Language', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } });
  const page = await context.newPage();
  await page.goto('/login');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByLabel('Benutzername oder E-Mail-Adresse')).toBeVisible();
  await context.close();
});
