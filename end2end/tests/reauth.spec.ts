import { expect, test } from '@playwright/test';
import { ONE_KEY_URL, PASSWORD, hydrated, signUp, uniqueName, watchConsole } from './support';

// Sudo mode, on the second server, which asks for the password again after 1 minute
// (VESTIBULE_REAUTH_MINUTES=1): the dialog opens in place, and the key the user was making is made
// once the password is given, with nothing typed again.
test.use({ baseURL: ONE_KEY_URL });

test('a key made after the re-authentication window asks for the password, then is made as typed', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await signUp(page, uniqueName('sudo'));
  await page.goto('/settings/api-keys');
  await hydrated(page);
  await page.getByRole('button', { name: 'Generate new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate a new API key' });
  await dialog.getByLabel('Name').fill('deploy bot');
  await dialog.getByLabel('profile:read').check();
  // The log-in's proof runs out.
  await page.waitForTimeout(61_000);
  await dialog.getByRole('button', { name: 'Generate key' }).click();

  const confirm = page.getByRole('dialog', { name: 'Confirm that it is you' });
  await expect(confirm).toBeVisible();
  await confirm.getByLabel('Password or authenticator code').fill('not my password at all');
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(confirm.getByText('That is not your current password.')).toBeVisible();
  await confirm.getByLabel('Password or authenticator code').fill(PASSWORD);
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: /deploy bot/ })).toBeVisible();
  await page.getByRole('button', { name: 'I have stored the key' }).click();
  await expect(page.getByRole('cell', { name: 'deploy bot' })).toBeVisible();
  expect(problems.filter((p) => !/status of 4(03|22)/.test(p))).toEqual([]);
});
