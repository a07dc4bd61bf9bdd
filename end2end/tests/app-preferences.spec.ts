import { expect, test, type Page } from '@playwright/test';
import { hydrated, signUp, uniqueName, watchConsole } from './support';

/** Calls the REST API from the page with `key` as the bearer token. */
async function patchPreferences(page: Page, key: string, body: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([key, body]) => {
      const response = await fetch('/api/v1/me/preferences', {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    [key, body] as const,
  );
}

test("the product's own preferences: set on the page, checked as the server checks them", async ({ page }) => {
  const problems = watchConsole(page);
  await signUp(page, uniqueName('ida'));
  await page.getByRole('link', { name: 'Preferences' }).click();
  await expect(page).toHaveURL(/\/settings\/preferences$/);
  await hydrated(page);

  const section = page.getByRole('region', { name: 'In Clockify' });
  await expect(section.getByLabel('Group similar time entries')).toBeChecked();
  await expect(section.getByText('Show entries with the same description and project as one line.')).toBeVisible();
  await expect(section.getByLabel('Project lists')).toHaveValue('expanded');
  await expect(section.getByLabel('Entries per page')).toHaveValue('50');

  // Out of the declared range: the browser's message, before anything is sent.
  await section.getByLabel('Entries per page').fill('500');
  await section.getByRole('button', { name: 'Save product preferences' }).click();
  const message = 'Enter a whole number from 10 to 200.';
  await expect(section.getByText(message)).toBeVisible();
  await expect(section.getByLabel('Entries per page')).toHaveAttribute('aria-invalid', 'true');

  // The server says the same words for the same value (one rule, one place).
  await page.getByRole('link', { name: 'API keys' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Generate new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate a new API key' });
  await dialog.getByLabel('Name').fill('prefs');
  await dialog.getByLabel('preferences:write').check();
  await dialog.getByRole('button', { name: 'Generate key' }).click();
  // The reveal dialog replaces the generate dialog (whose scope list also names "API keys").
  const reveal = page.getByRole('dialog');
  await expect(reveal).toContainText('you will not see it again');
  const key = await reveal.getByLabel('API key', { exact: true }).inputValue();
  await reveal.getByRole('button', { name: 'I have stored the key' }).click();
  const refused = await patchPreferences(page, key, { app: { page_size: 500 } });
  expect(refused.status).toBe(422);
  expect(refused.body.error.fields).toEqual([{ field: 'app.page_size', message }]);

  await page.getByRole('link', { name: 'Preferences' }).click();
  await hydrated(page);
  await section.getByLabel('Group similar time entries').uncheck();
  await section.getByLabel('Project lists').selectOption('collapsed');
  await section.getByLabel('Entries per page').fill('100');
  await section.getByRole('button', { name: 'Save product preferences' }).click();
  await expect(section.getByRole('status')).toHaveText('Preferences saved.');

  // Kept: after a reload, and for the API.
  await page.reload();
  await hydrated(page);
  await expect(section.getByLabel('Group similar time entries')).not.toBeChecked();
  await expect(section.getByLabel('Project lists')).toHaveValue('collapsed');
  await expect(section.getByLabel('Entries per page')).toHaveValue('100');
  const read = await patchPreferences(page, key, {});
  expect(read.body.app).toEqual({ group_entries: false, project_list: 'collapsed', page_size: 100, entry_note: '' });
  // The refusals this test asked for are the only errors the browser logged.
  expect(problems.filter((p) => !/status of (403|422)/.test(p))).toEqual([]);
});
