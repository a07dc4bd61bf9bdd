import { expect, type Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { appCode, hydrated, logOutAndIn, mailTo, PASSWORD, signUpVerified, uniqueName, watchConsole } from './support';

const root = resolve(__dirname, '../..');

/** The operator's CLI on the test server's data directory (another process on the same SQLite file). */
function cli(args: string[]): string {
  return execFileSync(`${root}/target/release/vestibule`, args, {
    env: { ...process.env, VESTIBULE_DATA_DIR: process.env.E2E_DATA_DIR ?? '', VESTIBULE_LOG: 'warn' },
  })
    .toString()
    .trim();
}

/** A staff member: signed up, two-factor sign-in on, made staff by the operator, and signed in
 * again with the password and a recovery code (a session that passed a second factor). */
async function staffMember(page: Page, name: string): Promise<void> {
  await signUpVerified(page, name);
  await page.goto('/settings/security');
  await hydrated(page);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const key = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.locator('form.enrol').getByLabel('Your password').fill(PASSWORD);
  await page.getByLabel('Code the app shows').fill(appCode(key));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  const codes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await page.getByRole('button', { name: 'I have saved them' }).click();
  expect(cli(['user', 'grant-support', '--username', name])).toBe(`${name} is support staff`);
  await logOutAndIn(page, name);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByLabel('Code', { exact: true }).fill(codes[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await hydrated(page);
}

test('grant support access, act as support in another browser, revoke it', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  const owner = uniqueName('olga');
  await signUpVerified(page, owner);

  // The owner grants access for an hour, after proving it is them (the session is fresh: no dialog),
  // from the confirmation page to the Security section by its links, as a person gets there.
  await page.getByRole('link', { name: 'Back to your profile' }).click();
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security' }).click();
  const section = page.getByTestId('support-access');
  await expect(section.getByRole('heading', { name: 'Support access' })).toBeVisible();
  await section.getByLabel('Duration', { exact: true }).selectOption('1h');
  await section.getByLabel('Note for the support team').fill('Invoices do not load');
  await section.getByRole('button', { name: 'Grant access' }).click();
  await expect(section.getByRole('status')).toContainText('Support access is on until');
  // It counts down.
  const countdown = section.getByTestId('support-countdown');
  const first = await countdown.textContent();
  expect(first).toMatch(/^0:59:\d\d$|^1:00:00$/);
  await expect(countdown).not.toHaveText(first!);

  // A staff member in another browser finds the account and acts on it with a reason.
  const context = await browser.newContext();
  const staff = await context.newPage();
  const staffProblems = watchConsole(staff);
  const staffName = uniqueName('sam');
  await staffMember(staff, staffName);
  await staff.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Support' }).click();
  await expect(staff.getByRole('heading', { name: 'Support', level: 1 })).toBeVisible();
  await expect(staff.getByTestId('granted-account').filter({ hasText: owner })).toContainText('Invoices do not load');
  await staff.getByLabel('Account', { exact: true }).selectOption(owner);
  await staff.getByRole('button', { name: `Act as ${owner}` }).click();
  await expect(staff.getByText('This field is required.')).toBeVisible();
  await staff.getByLabel('Reason (ticket reference)').fill('TICKET-4711');
  await staff.getByRole('button', { name: `Act as ${owner}` }).click();
  await expect(staff).toHaveURL(/\/settings\/profile$/);
  const banner = staff.getByTestId('support-banner');
  await expect(banner).toContainText(`Support (${staffName}) is acting on this account — reason: TICKET-4711`);
  await expect(staff.locator('.who strong')).toHaveText(owner);
  expect(await mailTo(`${owner}@example.com`, 'Support staff are acting on your account')).toContain('TICKET-4711');
  // The security section is the owner's alone.
  await staff.goto('/settings/security');
  await hydrated(staff);
  await expect(staff.getByText("Support staff cannot see or change this: only the account's owner can.")).toBeVisible();
  await expect(banner).toBeVisible();

  // The owner sees it in the audit log, and revokes: the staff browser loses the account at once.
  await page.goto('/settings/audit-log');
  await hydrated(page);
  await expect(page.getByText('Support started acting on the account').first()).toBeVisible();
  await page.goto('/settings/security');
  await hydrated(page);
  await section.getByRole('button', { name: 'Revoke access' }).click();
  await expect(section.getByRole('button', { name: 'Grant access' })).toBeVisible();
  await staff.goto('/settings/profile');
  await hydrated(staff);
  await expect(staff.getByTestId('support-banner')).toHaveCount(0);
  await expect(staff.locator('.who strong')).toHaveText(staffName);
  await staff.goto('/settings/support');
  await hydrated(staff);
  await expect(staff.getByTestId('granted-account').filter({ hasText: owner })).toHaveCount(0);

  await context.close();
  expect(problems).toEqual([]);
  expect(staffProblems.filter((p) => !/status of 4(03|22)/.test(p))).toEqual([]);
});
