// Issue 14, point 4: the dashboard's files and /docs are never rate limited and failed
// authentication has a bucket of its own; the audit log follows no link, is created 0600 in the
// data folder; no secret sent in a URL reaches the request log; /vendor/ serves only what the
// dashboard and the docs page load.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { VENDOR_FILES } from '../../src/api/web-assets.ts';
import { redactUrl } from '../../src/api/log-redaction.ts';
import { apiConfigFromEnv } from '../../src/api/config.ts';
import { AuditLog, defaultAuditLogPath } from '../../src/audit/audit-log.ts';
import { dataFolder } from '../../src/settings/data-folder.ts';
import { capturingLogger, configWith, createApp, storeOf } from '../api/api-support.ts';
import { entity } from '../support/build-dataset.ts';

const READ_KEY = 'rk-Zq8VJ3xN1pTw7LmC';
const keys = [{ name: 'analyst', scope: 'read' as const, key: READ_KEY }];

let folder: string;
let store: Awaited<ReturnType<typeof storeOf>>;
beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'enduse-holes-'));
  store = await storeOf({ entities: [entity('a')] });
});

describe('rate limits', () => {
  it('failed-auth requests use up their own allowance: the dashboard, /docs and valid keys are still answered', async () => {
    const app = createApp(store, configWith({ apiKeys: keys, audit: new AuditLog(join(folder, 'audit.jsonl')), limits: { requestsPerMinute: 5, failedAuthPerMinute: 3 } }));
    const statuses: number[] = [];
    const wrongKey = 'wrong-key-guessing-00';
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await request(app).get('/api/health').set('Authorization', `Bearer ${wrongKey}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    // Static files are outside the limiter entirely: asked more often than any limit allows.
    for (let round = 0; round < 8; round++) {
      for (const path of ['/', '/docs', '/styles.css', '/vendor/swagger-ui/swagger-ui.css']) expect((await request(app).get(path)).status, path).toBe(200);
    }
    // The analyst's key has its own allowance, untouched by the failures from the same address.
    expect((await request(app).get('/api/health').set('Authorization', `Bearer ${READ_KEY}`)).status).toBe(200);
  });

  it('an anonymous read of the OpenAPI document is not a failed authentication', async () => {
    const app = createApp(store, configWith({ apiKeys: keys, limits: { failedAuthPerMinute: 2 } }));
    for (let attempt = 0; attempt < 5; attempt++) expect((await request(app).get('/api/openapi.json')).status).toBe(200);
  });

  it('reads ENDUSE_FAILED_AUTH_LIMIT and ENDUSE_MAX_UPLOAD_ROWS, naming a bad value', () => {
    expect(apiConfigFromEnv({ ENDUSE_FAILED_AUTH_LIMIT: '7', ENDUSE_MAX_UPLOAD_ROWS: '500' }).limits).toMatchObject({ failedAuthPerMinute: 7, uploadRows: 500 });
    expect(() => apiConfigFromEnv({ ENDUSE_MAX_UPLOAD_ROWS: 'many' })).toThrow(/configuration/);
  });
});

describe('the audit log file', () => {
  const entry = { who: 'ci', via: 'api', action: 'load', backend: 'memory', outcome: 'rejected' } as const;

  it('is created 0600 in a folder created 0700', async () => {
    const path = join(folder, 'nested', 'audit.jsonl');
    await new AuditLog(path).record(entry);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'nested')).mode & 0o777).toBe(0o700);
  });

  it('refuses a symbolic link planted in its place, and leaves the link target untouched', async () => {
    const target = join(folder, 'victim.txt');
    writeFileSync(target, 'precious\n');
    const path = join(folder, 'audit.jsonl');
    symlinkSync(target, path);
    const log = new AuditLog(path);
    await expect(log.record(entry)).rejects.toThrow(/symbolic link/);
    await expect(log.entries()).rejects.toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });

  it('refuses a FIFO in its place at once instead of blocking', async () => {
    const path = join(folder, 'audit.jsonl');
    execFileSync('mkfifo', [path]);
    await expect(new AuditLog(path).record(entry)).rejects.toThrow();
  });

  it('lives in the data folder: ENDUSE_DATA_DIR, else $XDG_DATA_HOME/enduse, else ~/.local/share/enduse, never the temp folder', () => {
    expect(dataFolder({ ENDUSE_DATA_DIR: '/srv/enduse' })).toBe('/srv/enduse');
    expect(dataFolder({ XDG_DATA_HOME: '/home/ana/.data' })).toBe('/home/ana/.data/enduse');
    expect(dataFolder({ XDG_DATA_HOME: 'relative/path' })).toBe(join(homedir(), '.local', 'share', 'enduse'));
    expect(dataFolder({})).toBe(join(homedir(), '.local', 'share', 'enduse'));
    expect(defaultAuditLogPath({ ENDUSE_DATA_DIR: '/srv/enduse' })).toBe('/srv/enduse/audit.jsonl');
    expect(apiConfigFromEnv({ ENDUSE_DATA_DIR: folder }).audit.path).toBe(join(folder, 'audit.jsonl'));
    expect(defaultAuditLogPath({}).startsWith(tmpdir())).toBe(false);
  });
});

describe('secrets in URLs', () => {
  it('writes the value of an undeclared query parameter (?key=) as [redacted]; declared ones stay readable', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(store, configWith({ apiKeys: keys, logger }));
    const leaked = 'leaked-in-url-Q8vX2mN7pL4rT9wZ';
    await request(app).get(`/api/entities/a?key=${leaked}&asOf=2024-01-01`).set('Authorization', `Bearer ${READ_KEY}`);
    await request(app).get(`/api/health?api_key=${leaked}`);
    await request(app).get(`/?token=${leaked}`);
    const log = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(log).not.toContain(leaked);
    expect(log).toContain('key=[redacted]');
    expect(log).toContain('asOf=2024-01-01');
  });

  it('redacts by parameter name, encoded or not, and leaves a URL without a query alone', () => {
    const declared = new Set(['asOf', 'q']);
    expect(redactUrl('/api/entities?q=blue&%6Bey=abc', declared)).toBe('/api/entities?q=blue&%6Bey=[redacted]');
    expect(redactUrl('/api/entities?a%sOf=1', declared)).toBe('/api/entities?a%sOf=[redacted]');
    expect(redactUrl('/api/health', declared)).toBe('/api/health');
  });
});

describe('/vendor/', () => {
  it('serves every vendor file the dashboard and the docs page name, and nothing else of those packages', async () => {
    const app = createApp(store, configWith());
    const webDir = join(import.meta.dirname, '../../src/web');
    const named = new Set<string>();
    const scan = (dir: string) => {
      for (const item of readdirSync(dir, { withFileTypes: true })) {
        if (item.isDirectory()) scan(join(dir, item.name));
        else for (const match of readFileSync(join(dir, item.name), 'utf8').matchAll(/\/vendor\/[\w./-]+/g)) named.add(match[0]);
      }
    };
    scan(webDir);
    expect(named.size).toBeGreaterThanOrEqual(3);
    expect([...named].sort()).toEqual(Object.keys(VENDOR_FILES).sort());
    for (const path of named) expect((await request(app).get(path)).status, path).toBe(200);
    for (const path of ['/vendor/swagger-ui/package.json', '/vendor/swagger-ui/index.html', '/vendor/swagger-ui/swagger-ui.js', '/vendor/world-atlas/countries-110m.json', '/vendor/world-atlas/package.json', '/vendor/']) {
      expect((await request(app).get(path)).status, path).toBe(404);
    }
  });
});
