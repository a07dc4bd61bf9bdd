import { expect, test } from '@playwright/test';
import { hydrated, mailTo, PASSWORD, signUpVerified, uniqueName, watchConsole } from './support';

const NEW_PASSWORD = 'violet marmalade orbit 77 skyline';

test('change the password, sign out the other browser, and log in with the new one', async ({ page, browser }) => {
  const problems = watchConsole(page);
  const name = uniqueName('sid');
  await signUpVerified(page, name);
  // A second browser signed in to the same account.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto('/login');
  await hydrated(second);
  await second.getByLabel('Username or email').fill(name);
  await second.getByLabel('Password').fill(PASSWORD);
  await second.getByRole('button', { name: 'Log in' }).click();
  await expect(second).toHaveURL(/\/settings\/profile$/);

  await page.getByRole('link', { name: 'Back to your profile' }).click();
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await expect(page.getByLabel('Sign out my other sessions')).toBeChecked();

  // The browser checks the length as you type; the server checks the current password.
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('Current password').focus();
  await expect(page.getByText('Use at least 15 characters.')).toBeVisible();
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('That is not your current password.')).toBeVisible();
  await expect(page.getByLabel('New password')).toHaveValue(NEW_PASSWORD);

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password was changed.' })).toBeVisible();
  await expect(page.getByLabel('Current password')).toHaveValue('');
  expect(await mailTo(`${name}@example.com`, 'password was changed')).toContain('Subject: Your Vestibule password was changed');

  // The other browser was signed out; this one was not.
  await second.reload();
  await expect(second).toHaveURL(/\/login/);
  await other.close();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();

  // Log out, then in with the new password (the old one no longer works).
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await page.getByLabel('Username or email').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Wrong username, email or password.')).toBeVisible();
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(problems.filter((p) => !/status of 4(01|22)/.test(p))).toEqual([]);
});
