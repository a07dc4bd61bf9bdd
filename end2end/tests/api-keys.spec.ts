import { expect, test, type Page } from '@playwright/test';
import { api, hydrated, signUp, uniqueName, watchConsole } from './support';

async function openKeys(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await hydrated(page);
}

/** Reads the key from the reveal dialog, copies it, and closes the dialog. */
async function takeKey(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('you will not see it again');
  const key = await dialog.getByLabel('API key').inputValue();
  expect(key).toMatch(/^vst_[0-9A-Za-z]{12}\.[0-9A-Za-z]{49}$/);
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await dialog.getByRole('button', { name: 'I have stored the key' }).click();
  await expect(dialog).toBeHidden();
  return key;
}

test('generate, copy, use, edit, rotate and delete a key', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const problems = watchConsole(page);
  await signUp(page, uniqueName('kim'));
  await openKeys(page);
  await expect(page.getByTestId('keys-empty')).toContainText('No API keys yet');

  // The domain's rules answer before anything is sent.
  await page.getByRole('button', { name: 'Generate new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate a new API key' });
  await dialog.getByRole('button', { name: 'Generate key' }).click();
  await expect(dialog.getByText('This field is required.')).toBeVisible();
  await expect(dialog.getByText('Choose at least one scope.')).toBeVisible();
  await expect(dialog.getByText('keys:verify')).toHaveCount(0); // administrators only

  await dialog.getByLabel('Name').fill('CI deploys');
  await dialog.getByLabel('profile:read').check();
  await dialog.getByLabel('Expiration').selectOption('7');
  await expect(dialog.getByText(/^The key will expire on \d\d\/\d\d\/\d{4} /)).toBeVisible();
  await dialog.getByRole('button', { name: 'Generate key' }).click();
  const key = await takeKey(page);

  const row = page.getByTestId('key-row').filter({ hasText: 'CI deploys' });
  await expect(row).toContainText(`vst_….${key.slice(17, 22)}…`);
  await expect(row).toContainText('profile:read');
  await expect(row).toContainText('Expires in 7 days');
  await expect(row).toContainText('Never');
  expect(await page.content()).not.toContain(key.slice(17));

  // The key works from a script, and only within its scopes.
  const me = await api(page, '/api/v1/me', key);
  expect(me.status).toBe(200);
  expect(me.body.username).toMatch(/^kim-/);
  expect((await api(page, '/api/v1/me/preferences', key)).status).toBe(403);
  await page.reload();
  await hydrated(page);
  await expect(row).not.toContainText('Never');

  // Edit: add a scope; the key may now read preferences.
  await page.getByRole('button', { name: 'Edit CI deploys' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit CI deploys' });
  await edit.getByLabel('preferences:read').check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('preferences:read');
  expect((await api(page, '/api/v1/me/preferences', key)).status).toBe(200);

  // Rotate with no grace: the old key stops, the new one works.
  await page.getByRole('button', { name: 'Rotate CI deploys' }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate CI deploys' });
  await rotate.getByLabel('The old key keeps working for').selectOption('none');
  await rotate.getByRole('button', { name: 'Rotate key' }).click();
  const rotated = await takeKey(page);
  expect(rotated).not.toBe(key);
  const old = await api(page, '/api/v1/me', key);
  expect(old.status).toBe(401);
  expect(old.body.error.code).toBe('revoked');
  expect((await api(page, '/api/v1/me/preferences', rotated)).status).toBe(200);
  await expect(page.getByTestId('key-row')).toHaveCount(1);

  // Delete: confirm, and the key fails on its very next request.
  await page.getByRole('button', { name: 'Delete CI deploys' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete CI deploys?' });
  await expect(confirm).toContainText(`vst_….${rotated.slice(17, 22)}…`);
  await confirm.getByRole('button', { name: 'Delete key' }).click();
  await expect(page.getByTestId('keys-empty')).toBeVisible();
  const gone = await api(page, '/api/v1/me', rotated);
  expect(gone.status).toBe(401);
  expect(gone.body.error.code).toBe('revoked');
  // The browser logs the refusals this test asked for (403, 401); nothing else may appear.
  expect(problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
});

test('a server error is shown next to its field: a duplicate name', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, uniqueName('lee'));
  await openKeys(page);
  for (const attempt of [1, 2]) {
    await page.getByRole('button', { name: 'Generate new key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate a new API key' });
    await dialog.getByLabel('Name').fill('backup');
    await dialog.getByLabel('audit:read').check();
    await dialog.getByRole('button', { name: 'Generate key' }).click();
    if (attempt === 1) {
      await takeKey(page);
    } else {
      await expect(dialog.getByText("You already have a key named 'backup'.")).toBeVisible();
      await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      // Focus goes back to the button that opened the dialog (whose code came lazily, on first use).
      await expect(page.getByRole('button', { name: 'Generate new key' })).toBeFocused();
    }
  }
});
