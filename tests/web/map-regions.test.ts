// The dashboard's map draws regions (ISO 3166-2) where a jurisdiction flag attaches, in a real
// headless Chromium: Crimea (UA-43) outlined, reachable by keyboard, its flags (regime, date,
// source) shown in the caption on focus and on hover, and a route to an entity there ending in it.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReference, withReferenceJurisdictions } from '../../src/load/load-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { closeServer, collectProblems, launchChromium, listen, requireChromium, skipBrowserTests } from '../support/browser.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';
import { configWith, createApp } from '../api/api-support.ts';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');

describe.skipIf(skipBrowserTests)('the map draws regions under a flag', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    requireChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    const reference = readReference();
    const store = new CompactStore();
    await store.load(
      withReferenceJurisdictions(
        buildDataset(
          {
            entities: [entity('exporter', { name: 'Exporter Inc.' }), entity('crimea-co', { name: 'Crimea Trading', country: 'UA-43' }), entity('kharkiv-co', { name: 'Kharkiv Trading', country: 'UA-63' })],
            relationships: [supplies('exporter', 'crimea-co', { start: '2015-03-01', evidence: 'court' }), supplies('exporter', 'kharkiv-co', { start: '2015-03-01', evidence: 'court' })],
          },
          [...reference.lists.values()],
        ),
        reference,
      ),
    );
    let base: string;
    ({ server, base } = await listen(createApp(store, configWith({ cases: [] }))));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectProblems(page, problems);
    await page.goto(`${base}/#from=exporter&asOf=2016-01-01`);
    await page.locator('#map svg path.region').first().waitFor({ timeout: 50_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it('outlines Crimea and Sevastopol as regions under a flag, Crimea coloured as reached with a flagged party', async () => {
    const regions = page.locator('#map svg .region');
    expect(await regions.evaluateAll((shapes) => shapes.map((shape) => `${shape.tagName}:${shape.getAttribute('data-region')}:${shape.getAttribute('class')}`))).toEqual([
      'path:UA-40:region under-flag',
      'path:UA-43:region under-flag exposed',
      'g:UA-63:region region-marker',
    ]);
    const crimea = page.locator('#map svg path.region[data-region="UA-43"]');
    const box = await crimea.boundingBox();
    expect(box!.width).toBeGreaterThan(3);
    expect(await crimea.getAttribute('aria-label')).toBe(
      'Avtonomna Respublika Krym (UA-43, Ukraine): comprehensive sanctions under EU law since 23 Jun 2014; comprehensive sanctions under US law since 19 Dec 2014',
    );
  });

  it('ends the route to the entity in Crimea inside Crimea, not in mainland Ukraine', async () => {
    const [end, bounds] = await page.evaluate(() => {
      const line = document.querySelector<SVGPathElement>('#map svg path.route-line')!;
      const point = line.getPointAtLength(line.getTotalLength());
      const shape = document.querySelector<SVGPathElement>('#map svg path.region[data-region="UA-43"]')!.getBBox();
      return [
        { x: point.x, y: point.y },
        { x: shape.x, y: shape.y, width: shape.width, height: shape.height },
      ];
    });
    expect(end.x).toBeGreaterThanOrEqual(bounds.x);
    expect(end.x).toBeLessThanOrEqual(bounds.x + bounds.width);
    expect(end.y).toBeGreaterThanOrEqual(bounds.y);
    expect(end.y).toBeLessThanOrEqual(bounds.y + bounds.height);
  });

  it('reaches Crimea with the Tab key and shows its flags with regime, date and source in the caption', async () => {
    await page.locator('#map svg path.region[data-region="UA-40"]').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-region'))).toBe('UA-43');
    const caption = page.locator('#map-caption');
    await caption.locator('strong', { hasText: 'UA-43' }).waitFor();
    const text = await caption.innerText();
    expect(text).toContain('Avtonomna Respublika Krym (UA-43, Ukraine)');
    expect(text).toContain('comprehensive sanctions under US law since 19 Dec 2014. Source: US embargo on the Crimea region of Ukraine, Executive Order 13685');
    expect(text).toContain('comprehensive sanctions under EU law since 23 Jun 2014. Source: EU restrictive measures on Crimea and Sevastopol, Council Regulation (EU) No 692/2014');
    expect(text).toContain('1 flagged party reachable here: Crimea Trading');
    expect(await caption.isVisible()).toBe(true);
    await page.locator('.map-panel').screenshot({ path: join(ARTIFACTS, 'dashboard-map-regions.png') });
  });

  it('shows a region on hover and from its button in the list under the map (for touch)', async () => {
    await page.locator('.region-button[data-region="UA-40"]').hover();
    await page.locator('#map-caption strong', { hasText: 'UA-40' }).waitFor();
    expect(await page.locator('#map-caption').innerText()).toContain('Sevastopol (UA-40, Ukraine)');
    await page.locator('#map svg path.region[data-region="UA-43"]').hover({ force: true });
    await page.locator('#map-caption strong', { hasText: 'UA-43' }).waitFor();
    expect(await page.locator('.map-regions .region-intro').innerText()).toContain('Regions under a flag on 1 Jan 2016 (any regime)');
  });

  it('marks a region with no outline shipped and no row of its own (Kharkiv, reached) at its country, by name and code', async () => {
    const kharkiv = page.locator('#map svg g.region-marker[data-region="UA-63"]');
    expect(await kharkiv.locator('text').textContent()).toBe('Ukraine, region UA-63');
    await kharkiv.focus();
    await page.locator('#map-caption strong', { hasText: 'UA-63' }).waitFor();
    expect(await page.locator('#map-caption').innerText()).toContain("no flag of its own on this date (its country's rows still apply)");
  });

  it('shows no region before the first Crimea measures (22 Jun 2014)', async () => {
    await page.locator('#as-of').fill('2014-06-22');
    await page.locator('#as-of').dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('#map-regions .region-list') === null);
    expect(await page.locator('#map svg .region.under-flag').count()).toBe(0);
  });

  it('ran without console errors or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
