// The investigation workspace in a real headless Chromium, at desktop (1440x900) and phone
// (390x844) sizes: no sideways scrolling down to 360 px, the map's zoom and pan and the
// jurisdictions flagged in themselves, browser history (Back returns to the previous view), the
// permalink with the open route and selected entity, the what-changed panel, loading data from the
// UI (every problem with file, line and column, nothing loaded), toggletips, and axe-core checks
// with no serious or critical violation. Screenshots go to test-artifacts/ (git-ignored).
import { mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { closeServer, collectProblems, launchChromium, listen, requireChromium, skipBrowserTests } from '../support/browser.ts';
import { createApp, configWith, shippedStore } from '../api/api-support.ts';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** How far the page scrolls sideways: 0 when nothing is wider than the window. */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.skipIf(skipBrowserTests).each(SIZES)('the workspace at $name size ($width x $height)', ({ name, width, height }) => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shot = (what: string) => page.screenshot({ path: join(ARTIFACTS, `workspace-${name}-${what}.png`), fullPage: false });

  beforeAll(async () => {
    requireChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    const audit = new AuditLog(join(mkdtempSync(join(tmpdir(), 'enduse-workspace-')), 'audit.jsonl'));
    ({ server, base } = await listen(createApp(await shippedStore(), configWith({ audit, limits: { timeBudgetMs: 60_000 } }))));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width, height } });
    collectProblems(page, problems);
    await page.goto(`${base}/`);
    await page.locator('.route-card').first().waitFor({ timeout: 60_000 });
    await page.locator('#map svg path.country.exposed').first().waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it('does not scroll sideways, at this size and (phone) at 360 px, with labels readable on the map', async () => {
    expect(await sidewaysOverflow(page)).toBe(0);
    await shot('landing');
    // Labels keep their size on screen: at 390 px a 13-unit label would otherwise be about 5 px tall.
    const labelHeight = await page.locator('#map svg .marker text').first().evaluate((text) => text.getBoundingClientRect().height);
    expect(labelHeight).toBeGreaterThanOrEqual(10);
    if (name === 'phone') {
      await page.setViewportSize({ width: 360, height: 780 });
      await page.waitForTimeout(200);
      expect(await sidewaysOverflow(page)).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'workspace-phone-360.png'), fullPage: true });
      await page.setViewportSize({ width, height });
    }
  });

  it('shows the UAE flagged in itself (human-rights risk, transshipment hub) on the map and in the table, though no flagged party is there', async () => {
    const uae = page.locator('#map svg path.country[data-country="AE"]');
    expect(await uae.getAttribute('class')).toContain('flagged-jurisdiction');
    expect(await uae.getAttribute('aria-label')).toMatch(/United Arab Emirates: .*none flagged; the jurisdiction is flagged: human-rights risk under US law.*transshipment hub under US law since 5 Jun 2006/);
    const row = page.locator('#exposure-table tr[data-country="AE"]');
    expect(await row.locator('td.num').first().innerText()).toBe('0');
    expect(await row.locator('th').innerText()).toMatch(/jurisdiction: human-rights risk[\s\S]*jurisdiction: transshipment hub/);
    // The source opens without hover: Enter on the toggletip.
    await row.locator('.tip summary').nth(1).focus();
    await page.keyboard.press('Enter');
    expect(await row.locator('.tip').nth(1).locator('.tip-text').innerText()).toContain('General Order No. 3');
    // A small country, focused by keyboard: its name beside it on the map, its flags and sources in the caption.
    await uae.focus();
    await page.locator('#map-caption strong', { hasText: 'United Arab Emirates (AE)' }).waitFor();
    expect(await page.locator('#map svg g.place-label text').textContent()).toBe('United Arab Emirates');
    expect(await page.locator('#map-caption').innerText()).toContain('transshipment hub under US law since 5 Jun 2006. Source: UAE as a diversion point');
    // Touch: the list of countries flagged in themselves opens the same caption.
    await page.locator('.country-list .region-button[data-region="IR"]').click();
    await page.locator('#map-caption strong', { hasText: 'Iran' }).waitFor();
    await page.locator('.map-panel').screenshot({ path: join(ARTIFACTS, `workspace-${name}-map-flags.png`) });
  });

  it('zooms with the buttons and the wheel, pans by dragging, and keeps labels their size', async () => {
    const svg = page.locator('#map svg');
    const layer = page.locator('#map svg g.zoom-layer');
    await page.locator('.map-zoom button[data-zoom="in"]').click();
    await page.waitForFunction(() => document.querySelector<SVGSVGElement>('#map svg')?.dataset.zoom === '2.00');
    const zoomed = await layer.getAttribute('transform');
    expect(zoomed).toContain('scale(2)');
    const labelHeight = await page.locator('#map svg .marker text').first().evaluate((text) => text.getBoundingClientRect().height);
    expect(labelHeight).toBeGreaterThanOrEqual(10);
    expect(labelHeight).toBeLessThan(30);
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 20, { steps: 5 });
    await page.mouse.up();
    expect(await layer.getAttribute('transform')).not.toBe(zoomed);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction(() => Number(document.querySelector<SVGSVGElement>('#map svg')?.dataset.zoom) > 2);
    await page.locator('.map-panel').screenshot({ path: join(ARTIFACTS, `workspace-${name}-map-zoomed.png`) });
    await page.locator('.map-zoom button[data-zoom="reset"]').click();
    await page.waitForFunction(() => document.querySelector<SVGSVGElement>('#map svg')?.dataset.zoom === '1.00');
    expect(await sidewaysOverflow(page)).toBe(0);
  });

  it('opens the route graph full width with its close button on screen; the permalink names the route; Back closes it', async () => {
    await page.locator('.route-card button.open-route').first().click();
    const dialog = page.locator('#route-dialog');
    await dialog.locator('#graph canvas').first().waitFor();
    expect(new URL(page.url()).hash).toContain('route=0');
    const close = (await page.locator('#route-close').boundingBox())!;
    expect(close.x).toBeGreaterThanOrEqual(0);
    expect(close.x + close.width).toBeLessThanOrEqual(width);
    const graph = (await page.locator('#graph').boundingBox())!;
    expect(graph.width).toBeGreaterThan(name === 'phone' ? width * 0.85 : 900);
    if (name === 'phone') expect(graph.y).toBeGreaterThan((await page.locator('#node-info').boundingBox())!.y);
    await page.waitForTimeout(400);
    await shot('route-graph');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goBack();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).hash).not.toContain('route=');
    expect(page.url().startsWith(base)).toBe(true);
  });

  it('reopens the route and the selected entity from a permalink', async () => {
    const hash = new URL(page.url()).hash;
    await page.goto(`${base}/${hash}&route=0&node=computerlinks-fzco`);
    await page.locator('#node-info h3', { hasText: 'Computerlinks FZCO' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#route-dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.locator('#route-dialog').waitFor({ state: 'hidden' });
    expect(new URL(page.url()).hash).not.toContain('node=');
  });

  it('returns to the previous view with Back after the date changes, without leaving the app', async () => {
    await page.locator('#as-of').fill('2012-01-01');
    await page.locator('#as-of').dispatchEvent('change');
    await page.locator('#headline', { hasText: '1 Jan 2012' }).waitFor();
    await page.goBack();
    await page.locator('#headline', { hasText: '30 Jun 2011' }).waitFor();
    expect(await page.locator('#as-of').inputValue()).toBe('2011-06-30');
    await page.goForward();
    await page.locator('#headline', { hasText: '1 Jan 2012' }).waitFor();
    await page.goBack();
    await page.locator('#headline', { hasText: '30 Jun 2011' }).waitFor();
  });

  it('shows what changed since an earlier date, the new route marked on the map and in the list, and Back closes it', async () => {
    await page.locator('#changes-since').fill('2010-06-30');
    await page.locator('#changes-form button[type=submit]').click();
    const added = page.locator('#changes-result .change-list li.added');
    await added.first().waitFor({ timeout: 60_000 });
    expect(await added.first().innerText()).toMatch(/Blue Coat Systems, Inc\. → Computerlinks FZCO → Syrian Telecommunications Establishment/);
    expect(new URL(page.url()).hash).toContain('since=2010-06-30');
    expect(await page.locator('#map svg path.route-added').count()).toBeGreaterThan(0);
    expect(await page.locator('.route-card.route-added').count()).toBeGreaterThan(0);
    await added.first().locator('.tip summary').click();
    expect(await added.first().locator('.tip-text').innerText()).toMatch(/Blue Coat Systems, Inc\. → Computerlinks FZCO/);
    await page.locator('.changes-panel').screenshot({ path: join(ARTIFACTS, `workspace-${name}-what-changed.png`) });
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#changes-result')?.innerHTML === '');
    expect(await page.locator('#map svg path.route-added').count()).toBe(0);
    expect(await page.locator('.route-card.route-added').count()).toBe(0);
  });

  it('checks picked CSV files and lists every problem with file, line and column, loading nothing', async () => {
    const before = await page.evaluate(async () => (await (await fetch('/api/datasets')).json()).versions.length as number);
    await page.locator('#upload-button').click();
    await page.locator('#upload-dialog').waitFor({ state: 'visible' });
    await page.locator('#upload-files').setInputFiles([
      { name: 'entities.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name,kind,country\nnew-co,New Co,spaceship,AE\nother-co,,company,AE\n') },
      { name: 'relationships.csv', mimeType: 'text/csv', buffer: Buffer.from('source,target,type,start\nnew-co,other-co,SUPPLIES,2020-13-01\n') },
    ]);
    await page.locator('#upload-check').click();
    const rows = page.locator('#upload-report table.upload-problems tbody tr');
    await rows.first().waitFor();
    const table = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
    expect(table).toEqual([
      ['entities.csv', '2', 'kind (3)'],
      ['entities.csv', '3', 'name (2)'],
      ['relationships.csv', '2', 'start (4)'],
    ]);
    expect(await page.locator('#upload-report').innerText()).toContain('3 problems found. Nothing was loaded.');
    expect(await page.locator('#upload-load').isDisabled()).toBe(true);
    expect(await page.evaluate(async () => (await (await fetch('/api/datasets')).json()).versions.length as number)).toBe(before);
    expect(await page.evaluate(async () => (await fetch('/api/entities/new-co?asOf=2020-01-01')).status)).toBe(404);
    expect(await sidewaysOverflow(page)).toBe(0);
    await shot('upload-problems');
    expect(await seriousViolations(page)).toEqual([]);
    // Fixed files: the check passes, Load loads them, and the dashboard answers from the new data.
    await page.locator('#upload-files').setInputFiles([
      { name: 'entities.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name,kind,country\nui-upload-co,UI Upload Co,company,AE\n') },
      { name: 'relationships.csv', mimeType: 'text/csv', buffer: Buffer.from('source,target,type,start\ncomputerlinks-fzco,ui-upload-co,SUPPLIES,2011-01-01\n') },
    ]);
    await page.locator('#upload-check').click();
    await page.locator('#upload-report .ok', { hasText: 'It would load 1 entity, 1 relationship' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/entities/ui-upload-co?asOf=2020-01-01')).status)).toBe(404);
    await page.locator('#upload-load').click();
    await page.locator('#upload-report .ok', { hasText: 'Loaded as upload@1' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/entities/ui-upload-co?asOf=2020-01-01')).status)).toBe(200);
    await page.locator('#upload-cancel').click();
  });

  it('has no serious or critical axe-core violation on the dashboard', async () => {
    await page.locator('.route-card').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('ran without console errors or failed requests', () => {
    // The refused check (400) and the look-ups of entities not loaded yet (404) are this test's own.
    expect(problems.filter((problem) => !/HTTP 400 .*\/api\/datasets\/check$|HTTP 404 .*\/api\/entities\/(new-co|ui-upload-co)\?/.test(problem) && !/^console: Failed to load resource: the server responded with a status of (400|404)/.test(problem))).toEqual([]);
  });
});
