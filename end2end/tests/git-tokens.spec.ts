import { expect, test } from '@playwright/test';
import { hydrated, signUp, uniqueName, watchConsole } from './support';

test('add and delete a Git provider token, never shown again', async ({ page }) => {
  const problems = watchConsole(page);
  await signUp(page, uniqueName('gil'));
  await page.getByRole('link', { name: 'Git providers' }).click();
  await expect(page).toHaveURL(/\/settings\/git-tokens$/);
  await hydrated(page);
  await expect(page.getByTestId('git-empty')).toHaveText('No tokens yet.');

  const form = page.getByRole('form', { name: 'Add a token' });
  const token = 'ghp_e2eZq8vN3kL0pR7sT2wX5yB1cD4fG6hJ9mQ';
  // The domain's checks answer in the browser, next to each field, before anything is sent.
  await form.getByRole('button', { name: 'Add token' }).click();
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('This field is required.')).toHaveCount(2); // the name and the token
  await form.getByLabel('Token').fill('two words');
  await form.getByLabel('Token').press('Tab');
  await expect(form.getByText('A token has no spaces or line breaks')).toBeVisible();
  await form.getByLabel('Provider').selectOption('custom');
  await form.getByRole('button', { name: 'Add token' }).click();
  await expect(form.getByLabel('Address of the server')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Provider').selectOption('gitlab');
  await form.getByLabel('Address of the server').fill('https://git.example.com/');
  await form.getByLabel('Name').fill('deploys');
  await form.getByLabel('Token').fill(token);
  await form.getByRole('button', { name: 'Add token' }).click();
  await expect(form.getByRole('status')).toHaveText('Token "deploys" added.');
  await expect(form.getByLabel('Token')).toHaveValue('');

  const row = page.getByTestId('git-token-row').filter({ hasText: 'deploys' });
  await expect(row).toContainText('GitLab');
  await expect(row).toContainText('https://git.example.com');
  await expect(row).toContainText(`••••${token.slice(-4)}`);
  expect(await page.content()).not.toContain(token.slice(4));
  await page.reload();
  await hydrated(page);
  await expect(row).toContainText(`••••${token.slice(-4)}`);
  expect(await page.content()).not.toContain(token.slice(4));

  // Another one, then a deletion right after an addition (both answers handled).
  await form.getByLabel('Name').fill('mirror');
  await form.getByLabel('Token').fill('gta_mirror0123456789');
  await form.getByRole('button', { name: 'Add token' }).click();
  await expect(form.getByRole('status')).toHaveText('Token "mirror" added.');
  await page.getByRole('button', { name: 'Delete mirror' }).click();
  await page.getByRole('dialog', { name: 'Delete mirror' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('git-token-row')).toHaveCount(1);

  await page.getByRole('button', { name: 'Delete deploys' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete deploys' });
  await expect(dialog).toContainText('revoke it there too');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('git-empty')).toBeVisible();
  expect(problems).toEqual([]);
});
