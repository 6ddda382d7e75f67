// The assessment form in a real browser (Debian's chromium driven by playwright-core), with JavaScript disabled:
// a startup types the seed case, submits, and lands on its saved report, where the naive lineage-sum rule shows a
// wrongful capture and the EU downstream-modifier rule "not captured". Screenshots go to /tmp for a human look.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app';
import { openSqliteStore } from '../src/store/sqlite';
import type { ReportStore } from '../src/store/store';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`);

describe.skipIf(!haveChromium)(
  `the assessment form in chromium${haveChromium ? '' : ` (skipped: ${CHROMIUM} is missing)`}`,
  () => {
    let server: Server;
    let store: ReportStore;
    let base: string;
    let context: BrowserContext;
    let page: Page;
    const profile = mkdtempSync(join(tmpdir(), 'flopcheck-chromium-'));

    beforeAll(async () => {
      store = openSqliteStore(':memory:');
      const app = createApp({ store, clock: () => new Date('2026-11-28T09:00:00Z'), log: () => {} });
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        javaScriptEnabled: false, // the form must work without JavaScript
        viewport: { width: 1280, height: 900 },
        timeout: 20_000,
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(5_000);
    }, 30_000);

    afterAll(async () => {
      await context?.close();
      await new Promise((resolve) => server?.close(resolve));
      store?.close();
      rmSync(profile, { recursive: true, force: true });
    });

    it('fills the seed case, submits, and shows the wrongful capture beside the EU modifier verdict', async () => {
      await page.goto(`${base}/`);
      await expect(page.title()).resolves.toBe('flopcheck assessment');
      await page.getByLabel('Organization name').fill('Tomato AI');
      await page.getByLabel('Revenue last calendar year (USD)').fill('3,000,000');
      await page.getByLabel("Your model's name or Hugging Face id").fill('tomato-ai/legal-110b');
      await page.getByLabel('Is it a general-purpose (foundation) model?').selectOption('yes');
      await page.getByLabel('text', { exact: true }).check();
      await page.getByLabel('Which model did you build on?').selectOption('other');
      await page.getByLabel('Base model name or Hugging Face id').fill('open-lab/base-110b');
      await page.getByLabel('Base model developer').fill('Open Lab');
      await page.getByLabel('Base model training compute (FLOP)').fill('1.1e26');
      await page.getByLabel('Base model training cost (USD)').fill('$95M');
      const record = page.locator('#record-1');
      await record.getByLabel('Phase').selectOption('fine-tuning');
      await record.getByLabel('Total compute (FLOP)').fill('5e24');
      await record.getByLabel('Total cost (USD)').fill('7M');
      await record.getByLabel('Start date').fill('2025-11-01');
      await page.getByLabel('Assessment date (as of)').fill('2026-11-28');
      await page.screenshot({ path: '/tmp/flopcheck-form.png', fullPage: true });

      await page.getByRole('button', { name: 'Assess' }).click();
      // POST /assess renders the report page (DESIGN §6); its permanent link leads to the saved copy.
      await page.waitForURL(`${base}/assess`);
      await expect(page.getByRole('heading', { level: 1 }).first().textContent()).resolves.toBe(
        'Assessment: tomato-ai/legal-110b',
      );
      const permalink = await page.locator('#permalink').getAttribute('href');
      expect(permalink).toMatch(/^\/reports\/[A-Za-z0-9_-]{22}$/);
      await page.goto(`${base}${permalink}`);
      await expect(page.getByRole('heading', { level: 1 }).first().textContent()).resolves.toBe(
        'Assessment: tomato-ai/legal-110b',
      );

      const glance = page.locator('#at-a-glance');
      const naive = glance.locator('tr', {
        has: page.locator('code', { hasText: /^illustrative\/lineage-cost-100m$/ }),
      });
      await expect(naive.count()).resolves.toBe(1);
      const naiveText = (await naive.innerText()).replace(/\s+/g, ' ');
      expect(naiveText).toMatch(/CAPTURED/);
      expect(naiveText).toMatch(/wrongful capture/);
      const eu = glance.locator('tr', { has: page.locator('code', { hasText: /^eu-ai-act\/downstream-modifier$/ }) });
      const euText = (await eu.innerText()).replace(/\s+/g, ' ');
      expect(euText).toMatch(/not captured/);
      expect(euText).not.toMatch(/wrongful capture/);
      await expect(page.locator('.callout').innerText()).resolves.toMatch(
        /only because other developers' compute or spend was counted/,
      );
      await page.screenshot({ path: '/tmp/flopcheck-report.png', fullPage: true });

      // The saved report is a link to keep: it opens again, and its JSON is a download away.
      const url = page.url();
      await page.goto(url);
      await expect(page.locator('a', { hasText: 'Download the report (JSON)' }).getAttribute('href')).resolves.toBe(
        `${new URL(url).pathname}.json`,
      );
    }, 30_000);

    it('shows errors next to their fields and keeps what was typed', async () => {
      await page.goto(`${base}/`);
      await page.getByLabel('Organization name').fill('Tomato AI');
      await page.getByLabel("Your model's name or Hugging Face id").fill('tomato-ai/legal-110b');
      const record = page.locator('#record-1');
      await record.getByLabel('Accelerator', { exact: true }).selectOption('nvidia-h100-sxm');
      await record.getByLabel('Number of accelerators').fill('lots');
      await record.getByLabel('Hours each accelerator ran').fill('500');
      await record.getByLabel('Utilization (MFU)').fill('0.4');
      await page.getByRole('button', { name: 'Assess' }).click();
      await page.waitForURL(`${base}/assess`);
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(
        /Compute record 1: Number of accelerators: "lots" is not a number/,
      );
      // Keyboard and screen-reader users start at the error summary, and its link leads to the field.
      await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('error-summary');
      await page.getByRole('link', { name: /Number of accelerators/ }).click();
      await expect(page.evaluate('location.hash')).resolves.toBe('#f-compute-0-count');
      const count = record.getByLabel('Number of accelerators');
      await expect(count.inputValue()).resolves.toBe('lots');
      await expect(count.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(record.getByLabel('Hours each accelerator ran').inputValue()).resolves.toBe('500');
      await expect(page.getByLabel('Organization name').inputValue()).resolves.toBe('Tomato AI');
      await page.screenshot({ path: '/tmp/flopcheck-form-errors.png', fullPage: true });
    }, 30_000);
  },
);
