import { expect, test } from '@playwright/test';
import { ONE_KEY_URL, hydrated, signUp, uniqueName } from './support';

// A second server started with VESTIBULE_MAX_KEYS_PER_USER=1, like the operations-center product
// (and VESTIBULE_REAUTH_MINUTES=1, for reauth.spec.ts).
test.use({ baseURL: ONE_KEY_URL });

test('one key at a time: Generate explains that the current key must go first', async ({ page }) => {
  await signUp(page, uniqueName('ops'));
  await page.goto('/settings/api-keys');
  await hydrated(page);
  const generate = page.getByRole('button', { name: 'Generate new key' });
  await generate.click();
  const dialog = page.getByRole('dialog', { name: 'Generate a new API key' });
  await dialog.getByLabel('Name').fill('operations');
  await dialog.getByLabel('profile:read').check();
  await dialog.getByRole('button', { name: 'Generate key' }).click();
  await page.getByRole('button', { name: 'I have stored the key' }).click();

  await expect(generate).toBeDisabled();
  await expect(page.getByText('You can have one API key at a time: delete the current key first.')).toBeVisible();
  await expect(generate).toHaveAccessibleDescription('You can have one API key at a time: delete the current key first.');

  await page.getByRole('button', { name: 'Delete operations' }).click();
  await page.getByRole('dialog', { name: 'Delete operations?' }).getByRole('button', { name: 'Delete key' }).click();
  await expect(generate).toBeEnabled();
});
