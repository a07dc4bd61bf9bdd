import { expect, test, type Page } from '@playwright/test';
import { hydrated, signUp, uniqueName, watchConsole } from './support';

// Every same-site link on the log-in page, the sign-up page and each settings section, clicked after
// hydration as a person would: each must arrive where its href says (the client-side router must not
// swallow a click, nor route a document such as the OpenAPI JSON as if it were a page).

/** Where a link may legitimately end up instead of its own href (a redirect the app makes on purpose). */
const REDIRECTS: Record<string, string> = { '/settings': '/settings/profile', '/': '/settings/profile' };

/** The same-site links of the page that navigate (not downloads), as paths with their query. */
async function sameSiteLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a[href]:not([download])').evaluateAll((anchors) =>
    anchors
      .map((a) => new URL((a as HTMLAnchorElement).href, location.href))
      .filter((u) => u.origin === location.origin)
      .map((u) => u.pathname + u.search),
  );
  return [...new Set(hrefs)];
}

async function clickEach(page: Page, from: string): Promise<number> {
  await page.goto(from);
  await hydrated(page);
  const links = await sameSiteLinks(page);
  for (const href of links) {
    // Watched from the load on: a page that fails to hydrate says why in the failure.
    const problems = watchConsole(page);
    await page.goto(from);
    await hydrated(page).catch((e) => {
      throw new Error(`${from} did not hydrate (before the link to ${href}): ${problems.join(' | ')}\n${e}`);
    });
    await page.locator(`a[href="${href}"]`).first().click();
    const wanted = REDIRECTS[href] ?? href;
    await expect(page, `${from}: the link to ${href}`).toHaveURL((url) => url.pathname + url.search === wanted);
    if (!href.startsWith('/api/')) {
      // A page, fully there: its main heading, and no error on the way.
      await expect(page.getByRole('heading', { level: 1 }).first(), `${from} → ${href}`).toBeVisible();
    }
    expect(problems, `${from} → ${href}`).toEqual([]);
  }
  return links.length;
}

test('every link on the log-in and sign-up pages arrives where it says', async ({ page }) => {
  expect(await clickEach(page, '/login')).toBeGreaterThan(0);
  expect(await clickEach(page, '/signup')).toBeGreaterThan(0);
});

test('log-in and sign-up reach each other by their links', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByLabel('Email')).toBeVisible();
  await page.getByRole('link', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Username or email')).toBeVisible();
});

test('every link on each settings page arrives where it says', async ({ page }) => {
  // Each section links to every other: the clicks grow with the square of the sections.
  test.setTimeout(120_000);
  await signUp(page, uniqueName('links'));
  for (const section of ['/settings/profile', '/settings/preferences', '/settings/notifications', '/settings/security', '/settings/api-keys', '/settings/audit-log']) {
    expect(await clickEach(page, section), section).toBeGreaterThan(0);
  }
});
