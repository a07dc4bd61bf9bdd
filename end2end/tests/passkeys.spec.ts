import { expect, test, type Page } from '@playwright/test';
import { appCode, hydrated, logOutAndIn, PASSWORD, signUp, uniqueName, watchConsole } from './support';

const PORT = Number(process.env.VESTIBULE_E2E_PORT ?? 3107);
// WebAuthn needs a host name (a browser refuses an IP address as the relying party), and the
// server takes `localhost` as its own when no VESTIBULE_PUBLIC_URL is set.
test.use({ baseURL: `http://localhost:${PORT}` });

/** Chromium's virtual authenticator (DevTools protocol): a platform passkey with user verification. */
async function withAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** From any settings page to the security page, the way a person gets there: the section's link. */
async function securityPage(page: Page): Promise<void> {
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByRole('heading', { name: 'Passkeys' })).toBeVisible();
}

test('add a passkey, sign in with it alone, rename it and remove it', async ({ page }) => {
  const problems = watchConsole(page);
  const name = uniqueName('pax');
  await withAuthenticator(page);
  await signUp(page, name);
  await securityPage(page);
  await expect(page.getByTestId('passkeys-status')).toHaveText('No passkeys yet.');

  // A name first, checked in the browser.
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await page.getByLabel('Name of the new passkey').fill('Test laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passkey "Test laptop" added.' })).toBeVisible();
  await expect(page.getByTestId('passkeys-status')).toHaveText('1 passkey');
  await expect(page.getByTestId('passkeys')).toContainText('Test laptop');
  await expect(page.getByTestId('passkeys')).toContainText('last used never');
  await expect(page.getByLabel('Name of the new passkey')).toHaveValue('');

  // Signed out, then in again with the passkey alone: no username, no password.
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/settings/);
  await securityPage(page);
  await expect(page.getByTestId('passkeys')).toContainText('Test laptop');
  await expect(page.getByTestId('passkeys')).not.toContainText('last used never');

  // Renamed in place; focus goes to the field, then back to the passkey.
  await page.getByRole('button', { name: 'Rename passkey Test laptop' }).click();
  await expect(page.getByLabel('New name')).toBeFocused();
  await page.getByLabel('New name').fill('Work laptop');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('passkeys')).toContainText('Work laptop');

  // Removed after a question (the sign-in just now proved the owner: no password asked).
  await page.getByRole('button', { name: 'Remove passkey Work laptop' }).click();
  await expect(page.getByText('Remove the passkey "Work laptop"?')).toBeVisible();
  await page.getByRole('group').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passkey removed.' })).toBeVisible();
  await expect(page.getByTestId('passkeys-status')).toHaveText('No passkeys yet.');
  expect(problems).toEqual([]);
});

test('with two-factor sign-in on, a passkey is the second step after the password', async ({ page }) => {
  const problems = watchConsole(page);
  const name = uniqueName('pas');
  await withAuthenticator(page);
  await signUp(page, name);
  await securityPage(page);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const key = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.locator('form.enrol').getByLabel('Your password').fill(PASSWORD);
  await page.getByLabel('Code the app shows').fill(appCode(key));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await page.getByLabel('Name of the new passkey').fill('Phone');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByTestId('passkeys-status')).toHaveText('1 passkey');

  await logOutAndIn(page, name);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Use a passkey instead' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  expect(problems).toEqual([]);
});

test.describe('at an IP address', () => {
  test.use({ baseURL: `http://127.0.0.1:${PORT}` });

  test('the page says why passkeys cannot work there', async ({ page }) => {
    const problems = watchConsole(page);
    await signUp(page, uniqueName('pip'));
    await securityPage(page);
    await page.getByLabel('Name of the new passkey').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page.getByText('Passkeys need a host name, not an IP address')).toBeVisible();
    // The refusal itself (422) is the one problem the console may show.
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
  });
});

test.describe('after the re-authentication window', () => {
  // The second server asks for a proof again after 1 minute (VESTIBULE_REAUTH_MINUTES=1).
  test.use({ baseURL: `http://localhost:${PORT + 1}` });

  test('the passkey itself proves it is you, and the change goes through', async ({ page }) => {
    test.setTimeout(120_000);
    const problems = watchConsole(page);
    await withAuthenticator(page);
    await signUp(page, uniqueName('psu'));
    await securityPage(page);
    await page.getByLabel('Name of the new passkey').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page.getByTestId('passkeys-status')).toHaveText('1 passkey');
    // The sign-up's proof runs out.
    await page.waitForTimeout(61_000);
    await page.getByRole('button', { name: 'Remove passkey Laptop' }).click();
    await page.getByRole('group').getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm that it is you' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Use a passkey instead' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByTestId('passkeys-status')).toHaveText('No passkeys yet.');
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
  });
});
