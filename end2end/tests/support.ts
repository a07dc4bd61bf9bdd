import { createHmac } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD = 'correct horse battery staple 42';

/** The second server, started with VESTIBULE_MAX_KEYS_PER_USER=1 (see playwright.config.ts). */
export const ONE_KEY_URL = `http://127.0.0.1:${Number(process.env.VESTIBULE_E2E_PORT ?? 3107) + 1}`;

let counter = 0;
/** A username nobody else in this run has. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid % 1000}-${counter}`;
}

/** Fails the test on any console error or CSP violation (hydration must work under our CSP). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  return problems;
}

/** Waits until the WASM has hydrated the page. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

export async function signUp(page: Page, username: string, email = `${username}@example.com`): Promise<void> {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
}

/** Signs up and opens the welcome mail's link, so that the account's address is proven. */
export async function signUpVerified(page: Page, username: string): Promise<void> {
  await signUp(page, username);
  const welcome = (await mailTo(`${username}@example.com`)).match(/http:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(welcome).toBeTruthy();
  await page.goto(welcome!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByRole('status')).toBeVisible();
}

/**
 * The newest mail in the server's outbox addressed to `to` that contains `containing` (polls until
 * one arrives: a mail queued a moment ago may not be written yet, and an older one to the same
 * address must not be taken for it).
 */
export async function mailTo(to: string, containing = ''): Promise<string> {
  const dir = join(process.env.E2E_DATA_DIR ?? '', 'outbox');
  const unwrap = (m: string) => m.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  let found: string | undefined;
  await expect
    .poll(() => {
      const files = (() => {
        try {
          // `.eml` only: a mail being written is a `.part` file until it is whole. Named by their
          // Message-ID, so the newest is the one written last.
          return readdirSync(dir)
            .filter((f) => f.endsWith('.eml'))
            .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
            .sort((a, b) => a.at - b.at)
            .map(({ f }) => f);
        } catch {
          return [];
        }
      })();
      found = files
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .filter((m) => m.includes(`To: ${to}`) && unwrap(m).includes(containing))
        .pop();
      return found !== undefined;
    })
    .toBe(true);
  // Undo quoted-printable soft line breaks so links read whole.
  return unwrap(found ?? '');
}

/** What an authenticator app shows for the key the page shows (RFC 6238: HMAC-SHA-1, 30 s, 6 digits). */
export function appCode(key: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of key.replace(/-/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const secret = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const h = createHmac('sha1', secret).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Logs out, then in again on the log-in page with `name` and `password` (where it lands is the caller's to check). */
export async function logOutAndIn(page: Page, name: string, password = PASSWORD): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await page.getByLabel('Username or email').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Calls the REST API from the page (so from 127.0.0.1), as a script would, with `key` as the bearer token. */
export async function api(page: Page, path: string, key: string): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([path, key]) => {
      const response = await fetch(path, { headers: { Authorization: `Bearer ${key}` } });
      return { status: response.status, body: await response.json() };
    },
    [path, key],
  );
}
