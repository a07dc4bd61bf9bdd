import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { hydrated, mailTo, PASSWORD, signUpVerified, uniqueName, watchConsole } from './support';

const root = resolve(__dirname, '../..');

/** The operator's CLI on the test server's data directory (another process on the same SQLite file). */
function cli(args: string[], input = ''): string {
  return execFileSync(`${root}/target/release/vestibule`, args, {
    input,
    env: { ...process.env, VESTIBULE_DATA_DIR: process.env.E2E_DATA_DIR ?? '', VESTIBULE_LOG: 'warn' },
  })
    .toString()
    .trim();
}

test('choose notifications and send them to another address once its link is followed', async ({ page }) => {
  const problems = watchConsole(page);
  const name = uniqueName('nora');
  await signUpVerified(page, name);
  // From the confirmation page to the section, by its links, as a person gets there.
  await page.getByRole('link', { name: 'Back to your profile' }).click();
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Notifications' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  await expect(page.getByTestId('notify-sent-to')).toHaveText(`Notifications go to ${name}@example.com.`);
  // Security mails are listed, on, and cannot be turned off.
  await expect(page.getByLabel('Security mails')).toBeChecked();
  await expect(page.getByLabel('Security mails')).toBeDisabled();

  await page.getByLabel('When a build fails').check();
  await page.getByLabel('Only when the result changes').check();
  await page.getByLabel('Weekly summary of my builds').check();
  await page.getByRole('button', { name: 'Save notifications' }).click();
  await expect(page.getByText('Notifications saved.')).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('When a build fails')).toBeChecked();
  await expect(page.getByLabel('Only when the result changes')).toBeChecked();
  await expect(page.getByLabel('Weekly summary of my builds')).toBeChecked();
  await expect(page.getByLabel('When a build succeeds')).not.toBeChecked();

  // Another address: checked in the browser first, then mailed a link; the old one stays until then.
  const field = page.getByLabel('Notification address');
  await field.fill('team@');
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  const team = `${name}-team@example.org`;
  await field.fill(team);
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page.getByTestId('notify-pending')).toContainText(team);
  await expect(page.getByTestId('notify-sent-to')).toContainText(`${name}@example.com`);

  const link = (await mailTo(team)).match(/http:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(link!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByRole('status')).toContainText(`Thank you: notifications now go to ${team}.`);
  await page.getByRole('link', { name: 'Back to your notification settings' }).click();
  await expect(page.getByTestId('notify-sent-to')).toHaveText(`Notifications go to ${team}.`);
  await expect(page.getByTestId('notify-pending')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a build event posted by the platform arrives as mail, and its link unsubscribes', async ({ page, request }) => {
  const admin = uniqueName('ops');
  cli(['user', 'create', '--username', admin, '--email', `${admin}@example.com`, '--admin'], PASSWORD);
  const key = cli(['key', 'create', '--user', admin, '--name', 'platform', '--scope', 'events:write', '--expires-in', '30d']);
  expect(key).toMatch(/^vst_/);

  const name = uniqueName('fay');
  await signUpVerified(page, name);
  await page.goto('/settings/notifications');
  await hydrated(page);
  await page.getByLabel('When a build fails').check();
  await page.getByRole('button', { name: 'Save notifications' }).click();
  await expect(page.getByText('Notifications saved.')).toBeVisible();

  const event = {
    id: `evt-${name}`,
    type: 'build.failed',
    occurred_at: new Date(Date.now() - 60_000).toISOString(),
    pipeline: { id: 'web', name: 'Web app' },
    build: { id: '42', url: 'https://ci.example.com/builds/42', trigger: 'git' },
    recipients: [name],
  };
  const posted = await request.post('/api/v1/events', { headers: { Authorization: `Bearer ${key}` }, data: event });
  expect(posted.status()).toBe(201);
  expect(await posted.json()).toMatchObject({ duplicate: false, mails: 1 });
  const again = await request.post('/api/v1/events', { headers: { Authorization: `Bearer ${key}` }, data: event });
  expect(again.status()).toBe(200);

  const mail = await mailTo(`${name}@example.com`, 'Build 42 failed');
  expect(mail).toContain('Subject: [Web app] Build 42 failed');
  expect(mail).toContain('https://ci.example.com/builds/42');
  expect(mail).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  const unsubscribe = mail.match(/http:\/\/\S+\/unsubscribe\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(unsubscribe).toBeTruthy();

  // Opening the link asks first (mail scanners open links); the button turns off exactly that kind.
  // A plain page: no WASM to wait for.
  await page.goto(unsubscribe!);
  await expect(page.getByRole('heading', { name: 'Unsubscribe' })).toBeVisible();
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByTestId('unsubscribed')).toHaveText('Unsubscribed: mails about failed builds.');
  await page.getByRole('link', { name: 'All notification settings' }).click();
  await hydrated(page);
  await expect(page.getByLabel('When a build fails')).not.toBeChecked();
});

test("an expiry reminder's link opens the rotate dialog of its key", async ({ page }) => {
  const name = uniqueName('rhea');
  await signUpVerified(page, name);
  const key = cli(['key', 'create', '--user', name, '--name', 'nightly', '--scope', 'profile:read', '--expires-in', '5d']);
  const id = key.slice('vst_'.length, key.indexOf('.'));
  await page.goto(`/settings/api-keys?rotate=${id}`);
  await hydrated(page);
  const dialog = page.getByRole('dialog', { name: 'Rotate nightly' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Rotate key' }).click();
  await expect(page.getByRole('dialog', { name: 'Your new key: nightly' })).toBeVisible();
});
