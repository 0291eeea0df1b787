// The dashboard's browser tests: Debian's chromium through playwright-core, the app on a free
// local port, and every console error, page error and failed request of a page collected.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const haveChromium = existsSync(CHROMIUM);
/** Browser tests skip without Chromium, except under CI=true, where they fail (see requireChromium). */
export const skipBrowserTests = !haveChromium && process.env.CI !== 'true';

export function requireChromium(): void {
  if (!haveChromium) throw new Error(`CI=true and no Chromium at ${CHROMIUM}: install Debian's chromium package`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Serves the app on 127.0.0.1 at a free port; answers the server and its base URL. */
export async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function closeServer(server: Server | undefined): Promise<unknown> {
  return server ? new Promise((resolve) => server.close(resolve)) : Promise.resolve();
}

/** Collects the page's console errors, page errors and HTTP answers of 400 or more into `problems`. */
export function collectProblems(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
}

/** A page of `app` served on a free port in a fresh Chromium, collecting its problems; `close` ends both. */
export async function openApp(app: Express, viewport = { width: 1440, height: 900 }): Promise<{ base: string; page: Page; problems: string[]; close(): Promise<void> }> {
  requireChromium();
  const { server, base } = await listen(app);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  collectProblems(page, problems);
  return {
    base,
    page,
    problems,
    async close() {
      await browser.close();
      await closeServer(server);
    },
  };
}
