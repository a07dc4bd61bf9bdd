import { expect, test } from '@playwright/test';
import { appCode, hydrated, logOutAndIn, mailTo, PASSWORD, signUpVerified, uniqueName, watchConsole } from './support';

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

/** Waits for the next 30-second step, so that the log-in's code is not the one that turned the app on. */
async function nextStep(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30000 - (Date.now() % 30000) + 500));
}

test('turn on two-factor sign-in, log in with a code and with a recovery code, turn it off', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const name = uniqueName('tfa');
  await signUpVerified(page, name);
  await page.goto('/settings/security');
  await hydrated(page);
  const status = page.getByTestId('two-factor-status');
  await expect(status).toHaveText(/^Off/);

  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  // Focus follows the form that replaced the button, and later what replaced the form.
  await expect(page.getByLabel('Code the app shows')).toBeFocused();
  const key = (await page.getByTestId('totp-secret').textContent())!.trim();
  // The code and the password (a session alone may not tie the account to a phone).
  await page.locator('form.enrol').getByLabel('Your password').fill(PASSWORD);
  await page.getByLabel('Code the app shows').fill('12345');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('Enter the 6 digits your authenticator app shows.')).toBeVisible();
  await page.getByLabel('Code the app shows').fill(appCode(key));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor sign-in is on.' })).toBeVisible();
  await expect(status).toHaveText(/^On since/);
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeFocused();
  const codes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('recovery-codes.txt');
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  await expect(status).toBeFocused();
  await expect(page.getByTestId('recovery-left')).toHaveText('10 recovery codes left.');
  expect(await mailTo(`${name}@example.com`, 'Two-factor sign-in is now on')).toContain('authenticator app');

  // Log out and in: the password, then a code from the app.
  const logInWithPassword = async () => {
    await logOutAndIn(page, name);
    await expect(page).toHaveURL(/\/login\/two-factor/);
    await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  };
  await logInWithPassword();
  await page.getByLabel('Code', { exact: true }).fill('000000' === appCode(key) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('That code is not right, or it was used already.')).toBeVisible();
  await nextStep();
  await page.getByLabel('Code', { exact: true }).fill(appCode(key));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);

  // And with a recovery code instead of the phone.
  await logInWithPassword();
  await page.getByLabel('Code', { exact: true }).fill(codes[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(await mailTo(`${name}@example.com`, 'recovery code was used')).toContain('9 recovery codes left');

  // Turning it off asks for the password.
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security' }).click();
  await expect(page.getByTestId('recovery-left')).toHaveText('9 recovery codes left.');
  const off = page.locator('form.reauth').last();
  await off.getByLabel('Your password').fill('not my password at all');
  await page.getByRole('button', { name: 'Turn off' }).click();
  await expect(off.getByText('That is not your current password.')).toBeVisible();
  await off.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Turn off' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor sign-in is off.' })).toBeVisible();
  await expect(status).toHaveText(/^Off/);
  await page.getByRole('button', { name: 'Log out' }).click();
  await hydrated(page);
  await page.getByLabel('Username or email').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(problems.filter((p) => !/status of 4(01|22)/.test(p))).toEqual([]);
});

test('see the sessions, sign out another browser, and find it all in the audit log', async ({ page, browser }) => {
  const problems = watchConsole(page);
  const name = uniqueName('ses');
  await signUpVerified(page, name);
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto('/login');
  await hydrated(second);
  await second.getByLabel('Username or email').fill(name);
  await second.getByLabel('Password').fill('not my password at all');
  await second.getByRole('button', { name: 'Log in' }).click();
  await expect(second.getByText('Wrong username, email or password.')).toBeVisible();
  await second.getByLabel('Password').fill(PASSWORD);
  await second.getByRole('button', { name: 'Log in' }).click();
  await expect(second).toHaveURL(/\/settings\/profile$/);

  await page.goto('/settings/security');
  await hydrated(page);
  const sessions = page.getByTestId('sessions').locator('li');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(sessions.first()).toContainText('127.0.0.1');
  await sessions.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(sessions).toHaveCount(1);
  await second.reload();
  await expect(second).toHaveURL(/\/login/);
  await other.close();

  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  const rows = page.getByTestId('audit').locator('tbody tr');
  await expect(rows.first()).toContainText('Session signed out from another browser');
  await expect(page.getByTestId('audit')).toContainText('Sign-in failed (wrong password)');
  await page.getByLabel('Show').selectOption('sign_in');
  await expect(rows).toHaveCount(3);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download as CSV' }).click();
  expect((await download).suggestedFilename()).toBe('audit-log.csv');
  expect(problems.filter((p) => !/status of 4(01|22)/.test(p))).toEqual([]);
});
