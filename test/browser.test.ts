// The assessment form in a real browser (Debian's chromium driven by playwright-core), with the page's JavaScript
// disabled (the form needs none): the counsel of issue 12 types the seed case, presses Enter, reads the plain answer
// and the lineage drawing, saves, reloads the permanent link and deletes it; the report has no horizontal scroll at
// 390 px; axe-core (injected by the test) finds no serious or critical violation on the form, an error state and the
// report. Screenshots go to /tmp for a human look.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
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
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
if (!haveChromium)
  console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`);

describe.skipIf(!haveChromium)(
  `the assessment form in chromium${haveChromium ? '' : ` (skipped: ${CHROMIUM} is missing)`}`,
  () => {
    let server: Server;
    let store: ReportStore;
    let base: string;
    let context: BrowserContext;
    let axeContext: BrowserContext;
    let axeBrowser: Browser;
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
      axeBrowser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 20_000 });
      axeContext = await axeBrowser.newContext({ javaScriptEnabled: true });
      page.setDefaultTimeout(5_000);
    }, 30_000);

    afterAll(async () => {
      await axeContext?.close();
      await axeBrowser?.close();
      await context?.close();
      await new Promise((resolve) => server?.close(resolve));
      store?.close();
      rmSync(profile, { recursive: true, force: true });
    });

    /**
     * Runs axe-core on what the page shows; the serious and critical violations, as "rule: targets" lines. axe needs
     * timers, which a page without JavaScript does not run: it runs on a copy of the page's HTML in a second page
     * with JavaScript (the styles are inline, so the copy renders the same).
     */
    const axe = async (): Promise<string[]> => {
      const html = await page.content();
      const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
      const copy = await axeContext.newPage();
      try {
        await copy.setViewportSize(viewport);
        await copy.setContent(html);
        await copy.evaluate(axeSource);
        const result = await copy.evaluate<{
          violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
        }>("axe.run(document, { resultTypes: ['violations'] })");
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      } finally {
        await copy.close();
      }
    };
    const noHorizontalScroll = async () =>
      expect(
        page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'),
      ).resolves.toBe(true);

    it('the counsel: enters the seed case, presses Enter, reads the answer, the drawing and the price chart, saves, reloads, deletes', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}/`);
      await expect(page.title()).resolves.toBe('flopcheck assessment');
      await expect(axe()).resolves.toEqual([]);
      // Reaching Assess from the top of the page takes far fewer Tab presses than the 45 it took.
      let presses = 0;
      for (; presses < 60; presses++) {
        const name = await page.evaluate('document.activeElement && document.activeElement.textContent');
        if (name === 'Assess') break;
        await page.keyboard.press('Tab');
      }
      expect(presses).toBeLessThanOrEqual(30);

      await page.getByLabel('Organization name').fill('Tomato AI');
      await page.getByLabel('Revenue last calendar year (USD)').fill('3 million');
      await page.getByLabel("Your model's name or Hugging Face id").fill('tomato-ai/legal-110b');
      await page.getByLabel('Is it a general-purpose (foundation) model?').selectOption('yes');
      await page.getByLabel('text', { exact: true }).check();
      const base1 = page.locator('#base-1');
      await base1.getByLabel('Which model did you build on?').selectOption('other');
      await base1.locator('summary').click(); // the "other" fields are folded until needed
      await base1.getByLabel('Base model name or Hugging Face id').fill('open-lab/base-110b');
      await base1.getByLabel('Base model developer').fill('Open Lab');
      await base1.getByLabel('Base model training compute (FLOP)').fill('1.1e26');
      await base1.getByLabel('Base model training cost (USD)').fill('$95M');
      const record = page.locator('#record-1');
      await record.getByLabel('Phase').selectOption('fine-tuning');
      await record.getByLabel('Total compute (FLOP)').fill('5e24');
      await record.getByLabel('Total cost (USD)').fill('$7,000,000');
      await page.getByLabel('Assessment date (as of)').fill('2026-11-28');
      await page.screenshot({ path: '/tmp/flopcheck-form.png', fullPage: true, timeout: 30_000 });

      // Enter in a field assesses (it used to add a compute record).
      await record.getByLabel('Total cost (USD)').press('Enter');
      await page.waitForURL(`${base}/assess`);
      await expect(page.locator('h1').allTextContents()).resolves.toEqual(['Assessment: tomato-ai/legal-110b']);
      const answer = (await page.locator('#plain-answer p').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
      expect(answer).toMatch(/^No law in force catches Tomato AI's model tomato-ai\/legal-110b on its own compute\./);
      expect(answer).toMatch(
        /California SB 53 .*would, under one reading of an ambiguous text, only because Open Lab's compute is counted/,
      );
      await expect(page.locator('#lineage-drawing svg').isVisible()).resolves.toBe(true);
      await expect(page.locator('#lineage-drawing svg text', { hasText: 'Open Lab' }).count()).resolves.toBe(1);
      // The GPU price chart (issue 8): each dollar test against the price scale, titled, with a text alternative.
      await expect(page.locator('.price-chart svg').first().isVisible()).resolves.toBe(true);
      await expect(page.locator('.price-chart svg > title').first().textContent()).resolves.toMatch(/price/i);
      await expect(page.locator('.price-chart figcaption table').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('#permalink').count()).resolves.toBe(0); // assessing stored nothing
      await expect(page.getByText(/Gate \(|--fail-on/).count()).resolves.toBe(0);
      const glance = page.locator('#at-a-glance');
      const naive = glance.locator('tr', {
        has: page.locator('code', { hasText: /^illustrative\/lineage-cost-100m$/ }),
      });
      expect((await naive.innerText()).replace(/\s+/g, ' ')).toMatch(/CAPTURED.*wrongful capture/);
      await expect(axe()).resolves.toEqual([]);
      await page.screenshot({ path: '/tmp/flopcheck-report.png', fullPage: true, timeout: 30_000 });

      // Save: 303 to the permanent address, which reloads.
      await page.getByRole('button', { name: 'Save and get a link' }).click();
      await page.waitForURL(/\/reports\/[A-Za-z0-9_-]{22}$/);
      const url = page.url();
      await page.reload();
      await expect(page.locator('h1').textContent()).resolves.toBe('Assessment: tomato-ai/legal-110b');
      await expect(page.locator('#expires').textContent()).resolves.toBe('2027-02-26');
      await expect(page.locator('#permalink').getAttribute('href')).resolves.toBe(new URL(url).pathname);
      await expect(axe()).resolves.toEqual([]);

      // On a phone: no horizontal scroll.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await noHorizontalScroll();
      await page.screenshot({ path: '/tmp/flopcheck-report-390.png', fullPage: true, timeout: 30_000 });
      await page.setViewportSize({ width: 1280, height: 900 });

      // Delete, after confirming; the address is gone.
      await page.locator('.delete-report summary').click();
      await page.getByRole('button', { name: 'Yes, delete this report' }).click();
      await page.waitForURL(`${base}/?deleted=1`);
      await expect(page.getByRole('status').textContent()).resolves.toMatch(/deleted/);
      const gone = await page.goto(url);
      expect(gone?.status()).toBe(404);
    }, 180_000);

    it('has no horizontal scroll on the form at 390 px', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}/`);
      await noHorizontalScroll();
      await page.setViewportSize({ width: 1280, height: 900 });
    }, 30_000);

    it('shows errors next to their fields and keeps what was typed', async () => {
      await page.goto(`${base}/`);
      await page.getByLabel('Organization name').fill('Tomato AI');
      await page.getByLabel("Your model's name or Hugging Face id").fill('tomato-ai/legal-110b');
      const record = page.locator('#record-1');
      await record.locator('details.ways summary').click();
      await record.getByLabel('Accelerator', { exact: true }).selectOption('nvidia-h100-sxm');
      await record.getByLabel('Number of accelerators').fill('lots');
      await record.getByLabel('Hours each accelerator ran').fill('500');
      await record.getByLabel('Utilization (MFU)').fill('40');
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
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(/did you mean 40 % \(0\.4\)\?/);
      await expect(axe()).resolves.toEqual([]);
      await page.screenshot({ path: '/tmp/flopcheck-form-errors.png', fullPage: true, timeout: 30_000 });
    }, 30_000);
  },
);
