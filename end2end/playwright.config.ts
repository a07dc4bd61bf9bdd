import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A release build of the real server on its own port and its own fresh SQLite file.
const port = Number(process.env.VESTIBULE_E2E_PORT ?? 3107);
const root = resolve(__dirname, '..');
// The config is evaluated again in every worker: create the data directory once, in the main
// process, and let the workers inherit its name (tests read mail from its outbox).
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'vestibule-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;
// A second server allows one API key per user (the operations-center policy).
process.env.E2E_ONE_KEY_DIR ??= mkdtempSync(join(tmpdir(), 'vestibule-e2e-one-key-'));
const oneKeyDir = process.env.E2E_ONE_KEY_DIR;
// A third server signs in with the OpenID Connect provider (oidc-provider-mock, from `cargo xtask tools`).
process.env.E2E_SSO_DIR ??= mkdtempSync(join(tmpdir(), 'vestibule-e2e-sso-'));
const ssoDir = process.env.E2E_SSO_DIR;
const providerPort = port + 3;

function server(port: number, dataDir: string, extra: Record<string, string>) {
  return {
    command: `${root}/target/release/vestibule serve`,
    cwd: root,
    // Waits until the server answers: `cargo leptos end-to-end` would not.
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    env: {
      VESTIBULE_DATA_DIR: dataDir,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: `${root}/target/site`,
      VESTIBULE_LOG: 'warn',
      // Every test signs up from 127.0.0.1: lift the per-address sign-up limit (10 an hour).
      VESTIBULE_SIGN_UPS_PER_HOUR: '1000',
      // "Resend" right after sign-up (accounts.spec.ts); the HTTP tests check the limit itself.
      VESTIBULE_LINK_MAIL_INTERVAL_SECONDS: '0',
      // `?at=` fixes "now" on the preferences page (settings.spec.ts); off in production.
      VESTIBULE_TEST_CLOCK: 'true',
      // The webhook receiver of webhooks.spec.ts listens on loopback, over plain http (development only).
      VESTIBULE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      // The host product's own preferences (app-preferences.spec.ts).
      VESTIBULE_APP_PREFERENCES: `${root}/end2end/fixtures/preferences.toml`,
      ...extra,
    },
  };
}

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    // English unless a test asks otherwise (the server picks the language from Accept-Language).
    locale: 'en-US',
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // This machine has no network: keep Chromium from trying to reach Google.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The second server also asks for the password again after 1 minute (reauth.spec.ts), not 15.
  webServer: [
    server(port, dataDir, {}),
    server(port + 1, oneKeyDir, { VESTIBULE_MAX_KEYS_PER_USER: '1', VESTIBULE_REAUTH_MINUTES: '1' }),
    {
      command: `${root}/target/xtask-tools/oidc-provider-mock/bin/python -m oidc_provider_mock --port ${providerPort}`,
      url: `http://127.0.0.1:${providerPort}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
    },
    server(port + 2, ssoDir, {
      VESTIBULE_OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
      VESTIBULE_OIDC_CLIENT_ID: 'vestibule-e2e',
      VESTIBULE_OIDC_CLIENT_SECRET: 'e2e secret',
      VESTIBULE_OIDC_NAME: 'Acme ID',
    }),
  ],
});
