import { expect, test, type Page } from '@playwright/test';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { hydrated, signUp, uniqueName, watchConsole } from './support';

/** A request the receiver got. */
interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback (a development host of the test server: VESTIBULE_WEBHOOK_ALLOW_HOSTS). */
async function receiver(): Promise<{ url: string; got: Delivery[]; server: Server }> {
  const got: Delivery[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      got.push({ headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('received');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, server };
}

/** Checks a delivery with the Standard Webhooks reference implementation (npm `standardwebhooks`). */
function verify(delivery: Delivery, secret: string): any {
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    headers[name] = String(delivery.headers[name]);
  }
  return new Webhook(secret).verify(delivery.body, headers);
}

/** Checks a delivery's Ed25519 (`v1a`) signature with Node's crypto (OpenSSL) and the page's `whpk_…` key. */
function verifyEd25519(delivery: Delivery, publicKey: string): boolean {
  const raw = Buffer.from(publicKey.replace(/^whpk_/, ''), 'base64');
  // The SubjectPublicKeyInfo of an Ed25519 key: a fixed prefix, then the 32 bytes.
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
  const content = `${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`;
  return String(delivery.headers['webhook-signature'])
    .split(' ')
    .filter((s) => s.startsWith('v1a,'))
    .some((s) => verifySignature(null, Buffer.from(content), key, Buffer.from(s.slice(4), 'base64')));
}

/** Reads the secret shown once, and dismisses it. */
async function takeSecret(page: Page): Promise<string> {
  const shown = page.getByTestId('webhook-secret');
  await expect(shown).toContainText('it is not shown again');
  const secret = await shown.getByLabel('Secret').inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  await expect(shown).toBeHidden();
  return secret;
}

/** Opens the endpoint's delivery log (if closed) and refreshes it until `check` passes. */
async function logShows(page: Page, check: () => Promise<void>): Promise<void> {
  const log = page.getByRole('region', { name: 'Deliveries of the last 30 days' });
  await expect(async () => {
    await log.getByRole('button', { name: 'Refresh' }).click();
    await check();
  }).toPass({ timeout: 15_000 });
}

test('add a webhook, see its secret once, send a test event, see it in the log, redeliver it, rotate the secret', async ({
  page,
}) => {
  const problems = watchConsole(page);
  const hook = await receiver();
  try {
    await signUp(page, uniqueName('wen'));
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks$/);
    await hydrated(page);
    await expect(page.getByTestId('webhooks-empty')).toBeVisible();

    // The domain's rules answer before anything is sent, next to each field.
    const add = page.getByRole('form', { name: 'Add a webhook' });
    await add.getByRole('button', { name: 'Add webhook' }).click();
    await expect(add.getByText('This field is required.')).toBeVisible();
    await expect(add.getByText('Choose at least one event.')).toBeVisible();
    await add.getByLabel('Payload URL').fill('http://hooks.example.com/x');
    await add.getByLabel('Payload URL').blur();
    await expect(add.getByText('Use an https:// address')).toBeVisible();
    // The server's SSRF guard, with the same words in the page.
    await add.getByLabel('Payload URL').fill('https://127.1/hook');
    await add.getByLabel(/^build\.failed/).check();
    await add.getByRole('button', { name: 'Add webhook' }).click();
    await expect(add.getByText('private, local or reserved network')).toBeVisible();

    await add.getByLabel('Payload URL').fill(hook.url);
    await add.getByLabel('Description (optional)').fill('CI notifications');
    await add.getByLabel('Also sign with Ed25519 (v1a)').check();
    await add.getByRole('button', { name: 'Add webhook' }).click();
    const secret = await takeSecret(page);

    const item = page.getByTestId('webhook');
    await expect(item).toContainText(hook.url);
    await expect(item).toContainText('CI notifications');
    await expect(item.getByTestId('webhook-status')).toHaveText('On');
    // Shown once: not after a reload.
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
    expect(await page.content()).not.toContain(secret.slice(6));

    // A test event: delivered, signed as the reference implementation checks it, and logged.
    await item.getByLabel('Send a test event').selectOption('build.succeeded');
    await item.getByRole('button', { name: 'Send test' }).click();
    await logShows(page, async () => {
      await expect(item.getByTestId('delivery-state').first()).toHaveText('Delivered');
    });
    expect(hook.got).toHaveLength(1);
    const first = verify(hook.got[0], secret);
    expect(first.type).toBe('build.succeeded');
    expect(first.data.test).toBe(true);
    const publicKey = (await item.getByTestId('webhook-public-key').textContent()) ?? '';
    expect(publicKey).toMatch(/^whpk_/);
    expect(verifyEd25519(hook.got[0], publicKey)).toBe(true);
    const row = item.getByTestId('delivery').first();
    await expect(row).toContainText('build.succeeded');
    await expect(row).toContainText('HTTP 200');

    // Redeliver: the same webhook-id, a second attempt in the log.
    await row.getByRole('button', { name: 'Redeliver' }).click();
    await logShows(page, async () => {
      await expect(item.getByTestId('delivery').first()).toContainText('2 attempts');
    });
    expect(hook.got).toHaveLength(2);
    expect(hook.got[1].headers['webhook-id']).toBe(hook.got[0].headers['webhook-id']);
    verify(hook.got[1], secret);

    // Rotation: a new secret, and for a day both sign (each verifies on its own).
    await item.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await takeSecret(page);
    expect(rotated).not.toBe(secret);
    await expect(item).toContainText('Still signs until');
    await item.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => hook.got.length, { timeout: 15_000 }).toBe(3);
    verify(hook.got[2], rotated);
    verify(hook.got[2], secret);
    expect(() => verify(hook.got[2], 'whsec_' + Buffer.alloc(32, 7).toString('base64'))).toThrow();

    // Off: no test events; on again in one click.
    await item.getByRole('button', { name: 'Turn off' }).click();
    await expect(item.getByTestId('webhook-status')).toHaveText('Off (you turned it off)');
    await expect(item.getByRole('button', { name: 'Send test' })).toBeDisabled();
    await item.getByRole('button', { name: 'Turn on' }).click();
    await expect(item.getByTestId('webhook-status')).toHaveText('On');

    // Delete, after a confirmation.
    await item.getByRole('button', { name: 'Delete' }).click();
    await item.getByRole('button', { name: 'Delete webhook' }).click();
    await expect(page.getByTestId('webhooks-empty')).toBeVisible();
    // The one refusal the test asked for (the private address) is the only console message.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
  } finally {
    hook.server.close();
  }
});
