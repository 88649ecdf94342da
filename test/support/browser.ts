// Browser tests: Debian's chromium driven by playwright-core against the platform's own server and the built web UI.
// Required in CI; elsewhere a missing chromium skips the suites loudly. The page's clock is the server's fixed NOW.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Mutable } from './datasets.ts';
import { NOW } from './his-world.ts';
import { type PortalWorld, startPortalWorld } from './portal-world.ts';
import { IN_CI } from './services.ts';

export const CHROMIUM_PATH = process.env.YIDI_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS_DIR = join(ROOT, 'docs', 'screenshots');

/** Whether the browser suites run: chromium must be there in CI; elsewhere its absence skips them with a warning. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (IN_CI)
    throw new Error(
      `chromium is not at ${CHROMIUM_PATH}; CI must run the browser suites (.ci/run installs it)`,
    );
  console.warn(
    `\n⚠ chromium not found at ${CHROMIUM_PATH}: SKIPPING the browser suites here (CI runs them)\n`,
  );
  return false;
}

function newestMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when web/ changed since the last build, so a test never runs a stale UI. */
export function ensureWebBuilt(): void {
  const index = join(ROOT, 'dist', 'web', 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built >= newestMs(join(ROOT, 'web'))) return;
  // A production build, as `npm ci` makes it: vitest's NODE_ENV=test would give React's development build.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-web.js')], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

// Flags from this machine's notes: without the background-networking ones chromium keeps dialling out on a closed
// network; --no-sandbox because CI runs as root.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface UiWorld extends PortalWorld {
  /** http://127.0.0.1:<port> of the platform's server (UI, JSON API and HIS interface). */
  readonly baseUrl: string;
  readonly browser: Browser;
  /** A fresh browser context (its own cookies) with the page clock at the server's time; 1280 × 800 unless told. */
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
}

/** The portal world (河北 and 海南, the small dataset), listening on a port, with chromium launched. */
export async function startUiWorld(adjust?: (raw: Mutable) => void): Promise<UiWorld> {
  ensureWebBuilt();
  const world = await startPortalWorld(adjust);
  const baseUrl = await world.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  return {
    ...world,
    baseUrl,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      contexts.push(context);
      const page = await context.newPage();
      // The server runs at the fixed NOW; the page must agree (dates it fills in, "today" it shows).
      await page.clock.setFixedTime(new Date(world.clock.now));
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await world.close();
    },
  };
}

/** Saves a screenshot of the page to docs/screenshots/<name>.png (the README shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

export { NOW };
