import { expect, test, type Page } from '@playwright/test';
import { signUp, uniqueName } from './support';

/** A real PNG drawn by the browser's canvas. */
async function drawnPng(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#3b82f6';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#f59e0b';
      ctx.fillRect(w / 4, h / 4, w / 2, h / 2);
      return canvas.toDataURL('image/png');
    },
    [width, height],
  );
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

test('upload an avatar, see it, and remove it again', async ({ page }) => {
  await signUp(page, uniqueName('lia'));
  await expect(page.getByRole('img', { name: 'Your initials' })).toBeVisible();
  const png = await drawnPng(page, 640, 480);
  await page.getByLabel('Upload a picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
  const avatar = page.getByRole('img', { name: 'Your avatar' });
  await expect(avatar).toBeVisible();
  await expect(avatar).toHaveAttribute('src', /^\/avatars\/[A-Za-z0-9_-]+\.png$/);
  const size = await avatar.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  expect(size).toEqual([256, 256]);
  await page.getByRole('button', { name: 'Remove avatar' }).click();
  await expect(page.getByRole('img', { name: 'Your initials' })).toBeVisible();
});

test('a picture over 2 MiB is refused before the upload starts', async ({ page }) => {
  await signUp(page, uniqueName('max'));
  let uploads = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/settings/avatar')) uploads += 1;
  });
  const big = Buffer.alloc(2 * 1024 * 1024 + 1, 1);
  await page.getByLabel('Upload a picture').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
  await expect(page.getByRole('alert').filter({ hasText: 'The picture must be at most 2 MiB.' })).toBeVisible();
  expect(uploads).toBe(0);
});

test('a file that is not a picture gets the server message', async ({ page }) => {
  await signUp(page, uniqueName('ned'));
  await page
    .getByLabel('Upload a picture')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text') });
  await expect(page.getByRole('alert').filter({ hasText: 'Upload a PNG, JPEG or WebP picture.' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Your initials' })).toBeVisible();
});
