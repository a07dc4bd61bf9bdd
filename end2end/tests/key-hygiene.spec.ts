import { expect, test } from '@playwright/test';
import { api, hydrated, signUp, uniqueName, watchConsole } from './support';

test('a key with an IP allowlist, and its hygiene badges', async ({ page }) => {
  const problems = watchConsole(page);
  await signUp(page, uniqueName('ivy'));
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await hydrated(page);

  await page.getByRole('button', { name: 'Generate new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate a new API key' });
  await dialog.getByLabel('Name').fill('office');
  await dialog.getByLabel('profile:read').check();
  await dialog.getByLabel('Expiration').selectOption('7');
  // The domain's check answers in the browser, next to the field, before anything is sent.
  const allowed = dialog.getByLabel('Allowed IP addresses (optional)');
  await allowed.fill('127.0.0.1, 10.0.0.0/33');
  await dialog.getByRole('button', { name: 'Generate key' }).click();
  const message = '"10.0.0.0/33" is not an IP address or range: write one like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.';
  await expect(dialog.getByText(message)).toBeVisible();
  await expect(allowed).toHaveAttribute('aria-invalid', 'true');
  await allowed.fill('127.0.0.1 2001:DB8::/32');
  await expect(dialog.getByText(message)).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Generate key' }).click();

  const reveal = page.getByRole('dialog');
  await expect(reveal).toContainText('you will not see it again');
  const key = await reveal.getByLabel('API key', { exact: true }).inputValue();
  await reveal.getByRole('button', { name: 'I have stored the key' }).click();
  await expect(reveal).toBeHidden();

  // The row: its allowlist in canonical spelling, and the badges of a fresh 7-day key.
  const row = page.getByTestId('key-row').filter({ hasText: 'office' });
  await expect(row).toContainText('IP allowlist: 127.0.0.1, 2001:db8::/32');
  await expect(row.locator('[data-hygiene="never_used"]')).toHaveText('Never used');
  await expect(row).toContainText('Expires in 7 days');

  // From this machine (127.0.0.1) the key works; once used, "Never used" goes.
  expect((await api(page, '/api/v1/me', key)).status).toBe(200);
  await page.reload();
  await hydrated(page);
  await expect(row.locator('[data-hygiene]')).toHaveCount(0);

  // Edited to another network: refused from here with its own code.
  await page.getByRole('button', { name: 'Edit office' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit office' });
  await expect(edit.getByLabel('Allowed IP addresses (optional)')).toHaveValue('127.0.0.1, 2001:db8::/32');
  await edit.getByLabel('Allowed IP addresses (optional)').fill('192.0.2.0/24');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('IP allowlist: 192.0.2.0/24');
  const refused = await api(page, '/api/v1/me', key);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('ip_not_allowed');

  // Emptied: any address again, and no allowlist line.
  await page.getByRole('button', { name: 'Edit office' }).click();
  await edit.getByLabel('Allowed IP addresses (optional)').fill('');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).not.toContainText('IP allowlist');
  expect((await api(page, '/api/v1/me', key)).status).toBe(200);
  // The refusals this test asked for are the only errors the browser logged.
  expect(problems.filter((p) => !/status of (403|422)/.test(p))).toEqual([]);
});
