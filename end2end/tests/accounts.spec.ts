import { expect, test } from '@playwright/test';
import { hydrated, mailTo, PASSWORD, signUp, uniqueName, watchConsole } from './support';

test('sign up lands on Settings with my profile, with no console errors', async ({ page }) => {
  const problems = watchConsole(page);
  const name = uniqueName('alice');
  await signUp(page, name);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await expect(page.getByTestId('username')).toHaveText(name);
  await expect(page.getByTestId('email')).toHaveText(`${name}@example.com`);
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Profile' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  expect(problems).toEqual([]);
});

test('the browser checks fields live with the same messages as the server', async ({ page }) => {
  await page.goto('/signup');
  await hydrated(page);
  const username = page.getByLabel('Username');
  await username.fill('ab');
  await username.blur();
  await expect(page.getByText('Use at least 3 characters.')).toBeVisible();
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  const password = page.getByLabel('Password');
  await password.fill('short');
  await password.blur();
  await expect(page.getByText('Use at least 15 characters.')).toBeVisible();
  await username.fill('fine-name');
  await expect(page.getByText('Use at least 3 characters.')).toBeHidden();
  // The browser normalises with its own Unicode tables (NFKC): full-width letters count as
  // plain ones, so the first character refused is the '!'.
  await username.fill('ＢＯＢ!');
  await expect(page.getByText("Use only lowercase letters, digits, '-', '_' and '.' (found '!').")).toBeVisible();
  await username.fill('ＢＯＢ');
  await expect(username).toHaveAttribute('aria-invalid', 'false');
});

test('a taken username gets the server message next to the field', async ({ page, browser }) => {
  const name = uniqueName('taken');
  await signUp(page, name);
  const other = await browser.newPage();
  await other.goto('/signup');
  await hydrated(other);
  await other.getByLabel('Username').fill(name);
  await other.getByLabel('Email').fill(`other-${name}@example.com`);
  await other.getByLabel('Password').fill(PASSWORD);
  await other.getByRole('button', { name: 'Create account' }).click();
  await expect(other.getByText('That username is taken.')).toBeVisible();
  await expect(other.getByLabel('Username')).toHaveValue(name);
  await other.close();
});

test('log out, get sent to log in from Settings, log in by email and come back', async ({ page }) => {
  const name = uniqueName('bob');
  await signUp(page, name);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto('/settings/profile');
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await page.getByLabel('Username or email').fill(`${name.toUpperCase()}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(page.getByTestId('username')).toHaveText(name);
});

test('a wrong password shows a message and keeps what was typed', async ({ page }) => {
  const name = uniqueName('carol');
  await signUp(page, name);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await page.getByLabel('Username or email').fill(name);
  await page.getByLabel('Password').fill('not the right password at all');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong username, email or password.' })).toBeVisible();
  await expect(page.getByLabel('Username or email')).toHaveValue(name);
});

test('Settings is readable without JavaScript on the first render', async ({ browser }) => {
  // No WASM at all: the forms post as plain HTML forms and every page arrives rendered by the server.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const name = uniqueName('nojs');
  await page.goto('/signup');
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Email').fill(`${name}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.goto('/settings/profile');
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await expect(page.getByTestId('username')).toHaveText(name);
  await expect(page.getByTestId('email')).toHaveText(`${name}@example.com`);
  await page.goto('/settings/preferences');
  await expect(page.getByRole('heading', { name: 'Preferences' })).toBeVisible();
  await expect(page.getByLabel('Time zone')).toBeVisible();
  await page.goto('/settings/api-keys');
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No API keys yet' })).toBeVisible();
  await context.close();
});

test('the layout fits a 360 px wide screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signUp(page, uniqueName('narrow'));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a guessable password is refused by the server, next to its field, keeping the input', async ({ page }) => {
  // zxcvbn's word lists stay on the server (they would triple the bundle): its verdict comes with the answer.
  await page.goto('/signup');
  await hydrated(page);
  const name = uniqueName('guess');
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Email').fill(`${name}@example.com`);
  await page.getByLabel('Password').fill('passwordpassword');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('This password is too easy to guess', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Username')).toHaveValue(name);
  await expect(page).toHaveURL(/\/signup/);
});

test('a new address is unverified until the mailed link is opened; Resend mails a new one', async ({ page }) => {
  const name = uniqueName('vera');
  await signUp(page, name);
  await expect(page.getByTestId('email-unverified')).toHaveText('unverified');
  const link = (mail: string) => mail.match(/http:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/)?.[0];
  const first = link(await mailTo(`${name}@example.com`));
  expect(first).toBeTruthy();

  await page.getByRole('button', { name: 'Resend confirmation mail' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We sent a new confirmation mail.' })).toBeVisible();
  await expect.poll(async () => link(await mailTo(`${name}@example.com`))).not.toBe(first);
  const second = link(await mailTo(`${name}@example.com`));

  // The first link stopped working when the second was sent.
  await page.goto(first!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByRole('alert')).toContainText('This link is invalid, used or expired.');

  await page.goto(second!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByRole('status')).toContainText(`Thank you: ${name}@example.com is verified.`);
  await page.goto('/settings/profile');
  await expect(page.getByTestId('email')).toHaveText(`${name}@example.com`);
  await expect(page.getByTestId('email-unverified')).toHaveCount(0);
});
