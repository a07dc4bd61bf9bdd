import { expect, test, type Page } from '@playwright/test';
import { hydrated, signUp, uniqueName } from './support';

// The first-load budget (issue #9): what a browser with an empty cache downloads before the page is
// interactive, as WASM and JS on the wire (as served: Brotli, which Chromium asks for on 127.0.0.1;
// gzip for a client without it), for the log-in and sign-up pages and every settings page. A size,
// not a timing. BENCHMARKS.md keeps the history.
//
// The target is 300 KB. The bundle is not there yet: the pages are split into chunks of
// their own (lazy routes, fetched as one bundle per route), but the main WASM alone is about 233 KB
// with Brotli, its JS and the split loader 23 KB more, and /login loads about 304 KB, the largest
// pages (webhooks, preferences) 373 KB. Until the target is
// reached this limit is a ratchet a little above today's largest page, so that the first load
// cannot grow unnoticed. Lower it with every gain. Raised once, from 430,000 to 446,000, with the
// notifications page (issue #10); lowered to 425,000 when the splitter 0.2.4 moved each page's data
// out of the main WASM and the browser began reading zone rules on first use (BENCHMARKS.md).
// Raised to 455,000 with #11 (two-factor sign-in, sessions, audit log, re-authentication): the
// profile page's change of address needs the re-authentication dialog, which cost it about 27 KB
// although the dialog's code is lazy, and every page about 8 KB (BENCHMARKS.md). To be won back
// before the next page is added. Lowered to 445,000 when the profile page's change of address
// became a lazy form with its re-authentication (454 → 442 KB; the other pages about +2 KB).
// Raised to 452,000 with the webhooks page (#12): a new section costs every page about 4 KB (its
// route and navigation entry, the domain's new error messages in both languages in the shared
// catalog, more split glue); the profile page went 442 → 448 KB. To be won back with #9.
// Raised to 456,000 with support access (#13): the banner while staff act, its "who acts" call
// and "End", and the Support entry cost every settings page about 5 KB (profile 448 → 453 KB).
// A lazy banner was larger still (454 KB, and +5 KB on /login): the lazy loader's glue outweighs
// the banner.
// Raised to 474,000 with #14 (platform extensions), every page +10 to 20 KB: the Git providers
// section (its route and navigation entry), the domain's new messages in both languages in the
// shared catalog (the IP allowlist's, a Git token's, a declared preference's range), and the lazy
// product-preferences form's loader glue (+3 KB a page; without it the preferences page was 501 KB).
// Profile 453 → 464 KB, /login 373 → 389 KB; the largest is now the API-keys page, 473 KB (the
// allowlist's field and parsing, the hygiene badges). Keeping JSON values out of the preferences
// patch that the session holds saved 2 KB (serde_json's `Value`). To be won back with #9.
// Lowered to 442,000 in session 15: the session's actions (log-in, sign-up, a saved name or
// preference) made by the pages that use them instead of by every page's session, the log-out form
// without `ActionForm`'s query-string decoder, one JSON reader for hydration data and answers, and
// the split chunks without their `producers` and `target_features` sections (main WASM 295 → 266 KB;
// /login 389 → 365 KB, profile 464 → 440 KB). Lowered to 409,000 when the catalogs came to the
// browser parsed at build time instead of with Fluent's parser and resolver (main WASM 266 → 232
// KB; /login 331 KB, profile 404 KB, the security page 290 KB). Lowered to 376,000 in session 16:
// a route's chunks come in one bundle, one Brotli stream instead of 60 to 210 (chunk_bundles.rs;
// /login 331 → 304 KB, the webhooks page 417 → 373 KB, the security page 282 KB). Lowered to
// 352,000 in session 17: server functions answer in postcard and Leptos' shared values travel in
// it too, so the main WASM has no JSON decoder (233 → 202 KB), and the server names the split
// loader's chunks without their hashes (16.7 → 4.6 KB); /login 263 KB, the largest page (profile)
// 351 KB.
const LIMIT = 352_000;
const TARGET = 300_000;
// The pages that reached the target are held to it. (The webhooks page had a ratchet of its own,
// 419,000, until its chunks came in one bundle.)
const PAGE_LIMITS: Record<string, number> = {
  '/login': TARGET,
  '/login/two-factor': TARGET,
  '/signup': TARGET,
  '/settings/notifications': TARGET,
  '/settings/security': TARGET,
  '/settings/audit-log': TARGET,
};

/**
 * Bytes of WASM and JS received for `path` before the page was interactive, from a page load with an
 * empty cache: the Resource Timing entries (body bytes as sent, after Brotli) of the requests that
 * started before the WASM marked the page hydrated. What a page fetches once it is live (the security
 * page's sections and their code) is not part of its first load.
 */
async function firstLoad(page: Page, path: string): Promise<{ total: number; files: string[] }> {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated === 'true') {
        (window as unknown as { hydratedAt: number }).hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  await page.goto(path);
  await hydrated(page);
  const files = await page.evaluate(() => {
    const at = (window as unknown as { hydratedAt: number }).hydratedAt;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      // WASM and JS, and a route's chunks fetched as one bundle (`/pkg/bundle?…`: chunk_bundles.rs).
      .filter((e) => /(\.wasm|\.js|^\/pkg\/bundle)$/.test(new URL(e.name).pathname) && e.startTime <= at)
      .map((e) => [new URL(e.name).pathname, e.encodedBodySize] as [string, number]);
  });
  return { total: files.reduce((sum, [, n]) => sum + n, 0), files: files.map(([f, n]) => `${f} ${n}`) };
}

test('the log-in page, the sign-up page and every settings page stay within the first-load budget', async ({
  browser,
}) => {
  // Ten pages, each in a fresh browser context, while other workers run: a byte budget, not a timing.
  test.setTimeout(120_000);
  const member = await browser.newContext();
  await signUp(await member.newPage(), uniqueName('budget'));
  const session = await member.storageState();
  await member.close();

  const loads: [string, { total: number; files: string[] }][] = [];
  for (const [path, loggedIn] of [
    ['/login', false],
    ['/login/two-factor', false],
    ['/signup', false],
    ['/settings/profile', true],
    ['/settings/preferences', true],
    ['/settings/notifications', true],
    ['/settings/security', true],
    ['/settings/api-keys', true],
    ['/settings/audit-log', true],
    ['/settings/webhooks', true],
    ['/settings/git-tokens', true],
  ] as const) {
    // A fresh context each: nothing cached from earlier pages or tests.
    const context = await browser.newContext(loggedIn ? { storageState: session } : {});
    loads.push([path, await firstLoad(await context.newPage(), path)]);
    await context.close();
  }

  for (const [path, load] of loads) {
    const limit = PAGE_LIMITS[path] ?? LIMIT;
    const line = `${path}: ${load.total} bytes (limit ${limit}, target ${TARGET}): ${load.files.join(', ')}`;
    test.info().annotations.push({ type: 'first load', description: line });
    console.log(`first load ${line}`);
    expect(load.files.some((f) => f.includes('.wasm')), `${path} loads its WASM`).toBe(true);
    // The route's chunks arrive in one bundle, not one request each.
    expect(load.files.filter((f) => /\/pkg\/(chunk|split)_/.test(f)), `${path}: no chunk alone`).toEqual([]);
    expect(load.total, `${path}: ${load.files.join(', ')}`).toBeLessThanOrEqual(limit);
  }
});
