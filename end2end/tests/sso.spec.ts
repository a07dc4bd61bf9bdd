import { expect, test } from '@playwright/test';
import { hydrated, uniqueName, watchConsole } from './support';

const port = Number(process.env.VESTIBULE_E2E_PORT ?? 3107);
/** The third server, with single sign-on (see playwright.config.ts), and its provider. */
const SSO_URL = `http://127.0.0.1:${port + 2}`;
const PROVIDER = `http://127.0.0.1:${port + 3}`;

test('sign in with the single sign-on provider, and see no password section', async ({ page }) => {
  const problems = watchConsole(page);
  const name = uniqueName('ada');
  const claims = { preferred_username: name, email: `${name}@example.com`, email_verified: true, name: 'Ada L.' };
  const put = await fetch(`${PROVIDER}/users/${name}-sub`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claims),
  });
  expect(put.ok).toBe(true);

  await page.goto(`${SSO_URL}/login`);
  await hydrated(page);
  expect(problems).toEqual([]);
  await page.getByRole('link', { name: 'Sign in with Acme ID' }).click();
  // The provider's own page: who signs in.
  await expect(page.getByRole('heading', { name: 'Authorize Client' })).toBeVisible();
  await page.getByPlaceholder('sub').fill(`${name}-sub`);
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page).toHaveURL(`${SSO_URL}/settings/profile`);
  // The provider's page (a test double) asks the internet for its stylesheet: not ours to judge.
  problems.length = 0;
  await hydrated(page);
  await expect(page.locator('.who strong')).toHaveText(name);

  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security' }).click();
  await expect(page.getByTestId('sso-managed')).toHaveText('Sign-in and two-factor authentication are managed by Acme ID.');
  await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Change password' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toHaveCount(0);
  expect(problems).toEqual([]);
});
