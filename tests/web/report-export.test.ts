// Exporting the current view in a real headless Chromium, wide and phone-sized: the routes as CSV
// (its rows checked), the map and the route graph as PNG (real PNG files with pixels), and the
// printable dossier opened in its own tab and printed to PDF with page.pdf() (its text checked
// for the route and its sources). Files and screenshots go to test-artifacts/ (git-ignored).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { seriousViolations } from '../support/axe.ts';
import { describe, expect, it } from 'vitest';
import { openApp, skipBrowserTests } from '../support/browser.ts';
import { createApp, configWith, shippedStore } from '../api/api-support.ts';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function saved(page: Page, click: () => Promise<void>, name: string): Promise<{ file: string; bytes: Buffer; suggested: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  const file = join(ARTIFACTS, name);
  await download.saveAs(file);
  return { file, bytes: readFileSync(file), suggested: download.suggestedFilename() };
}

describe.skipIf(skipBrowserTests)('exports of the dashboard in headless Chromium', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    const size = `${viewport.width}x${viewport.height}`;

    it(`exports CSV, map and graph PNGs and the dossier as PDF at ${size}`, async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      // A generous time budget: the machines these tests run on are often shared and loaded.
      const app = await openApp(createApp(await shippedStore(), configWith({ limits: { timeBudgetMs: 120_000 } })), viewport);
      try {
        const { page, base, problems } = app;
        await page.goto(`${base}/`);
        await page.locator('.route-card').first().waitFor({ timeout: 60_000 });
        await page.locator('#map svg path.country.exposed').first().waitFor();
        await page.screenshot({ path: join(ARTIFACTS, `report-export-${size}.png`), fullPage: true });

        // CSV: one row per hop, numbered from 1, with its evidence and source.
        const csv = await saved(page, () => page.getByRole('button', { name: 'Routes as CSV' }).click(), `report-export-${size}-routes.csv`);
        expect(csv.suggested).toBe('enduse-bluecoat-2011-06-30-routes.csv');
        const rows = parse(csv.bytes.toString('utf8'), { columns: true }) as Record<string, string>[];
        const firstRoute = rows.filter((row) => row.target === 'ste-syria' && row.route_rank === '1');
        expect(firstRoute.map((row) => [row.hop, row.from, row.to, row.evidence])).toEqual([
          ['1', 'bluecoat', 'computerlinks-fzco', 'settlement'],
          ['2', 'computerlinks-fzco', 'ste-syria', 'settlement'],
        ]);
        expect(firstRoute[0]!.hop_source).toContain('Reuters, 25 Apr 2013');
        expect(firstRoute[0]!.hop_red_flags).toContain('STATED_END_USER_MISMATCH');
        expect(firstRoute[0]!.score).toMatch(/^\d+$/);

        // The map as PNG: a real image at twice the map's size.
        const mapBox = (await page.locator('#map').boundingBox())!;
        const map = await saved(page, () => page.getByRole('button', { name: 'Map as PNG' }).click(), `report-export-${size}-map.png`);
        const mapSize = pngSize(map.bytes);
        expect(mapSize.width).toBe(Math.round(mapBox.width) * 2);
        expect(map.bytes.length).toBeGreaterThan(5_000);

        // The route graph as PNG, from the route dialog.
        await page.locator('.route-card button.open-route').first().click();
        await page.locator('#route-dialog #graph canvas').first().waitFor();
        await page.waitForTimeout(300);
        const graph = await saved(page, () => page.getByRole('button', { name: 'Graph as PNG' }).click(), `report-export-${size}-graph.png`);
        // As wide as the graph is drawn (narrow in the phone layout).
        expect(pngSize(graph.bytes).width).toBeGreaterThan(100);
        expect(graph.bytes.length).toBeGreaterThan(1_000);
        await page.keyboard.press('Escape');

        // The dossier: its own tab, then printed to PDF as a reader would.
        const [dossier] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Dossier to print or save as PDF' }).click()]);
        await dossier.waitForURL(/^blob:/, { timeout: 30_000 });
        await dossier.locator('article.route').first().waitFor();
        expect(await dossier.locator('h1').innerText()).toBe('Where can goods from Blue Coat Systems, Inc. end up, as of 2011-06-30, under every regime?');
        expect(await dossier.locator('#data-versions + table').innerText()).toMatch(/served data\s+data version \d+, read from the store at \d{4}-\d\d-\d\dT/);
        expect(await seriousViolations(dossier)).toEqual([]);
        await dossier.setViewportSize(viewport);
        await dossier.screenshot({ path: join(ARTIFACTS, `report-export-${size}-dossier.png`), fullPage: true });
        const pdf = await dossier.pdf({ path: join(ARTIFACTS, `report-export-${size}-dossier.pdf`), format: 'A4' });
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
        const words = text.replace(/\s+/g, ' ');
        expect(words).toContain('Blue Coat Systems, Inc. → Computerlinks FZCO → Syrian Telecommunications Establishment');
        expect(words).toContain('STATED_END_USER_MISMATCH');
        expect(words).toContain("Reuters, 25 Apr 2013 (Steve Stecklow), 'Dubai firm agrees $2.8 million fine");
        expect(words).toContain('Data versions used');
        expect(words).not.toContain('print this page'); // the screen-only hint stays off paper
        expect(problems).toEqual([]);
      } finally {
        await app.close();
      }
    }, 240_000);
  }
});
