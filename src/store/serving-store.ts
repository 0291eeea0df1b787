// The serving holder: a server answers from one projection of its store (a read-only view or
// index), rebuilt in the background when the data changes and swapped in only when complete.
// A rebuild that fails keeps the last good projection serving, says so, and retries.
import type { Dataset } from '../domain/schema.ts';
import type { CompactState } from './compact/compact-graph-view.ts';
import type { GraphStore, LoadSummary, StoreBackend } from './graph-store.ts';
import type { GraphView } from './graph-view.ts';

/** Which data an answer was computed from: caches key on `version`, answers carry `dataAsOf`. */
export interface DataVersion {
  /** 1 for the first projection, one more for each swap. */
  version: number;
  /** When the projection's read of the store began (ISO 8601): the data is at least this fresh. */
  dataAsOf: string;
}

export interface Projection extends DataVersion {
  view: GraphView;
}

/** What `/api/health` says about the projection. */
export interface ProjectionHealth {
  /** `current`: the last refresh worked; `stale`: it failed, the last good projection still serves. */
  status: 'current' | 'stale';
  /** The projection being served; absent until the first one is built. */
  serving?: DataVersion;
  refreshing: boolean;
  /** The failure of the last refresh, while it has not been followed by a good one. */
  lastError?: { at: string; message: string };
  /** When the next attempt after a failure is due. */
  retryAt?: string;
}

export interface ServingOptions {
  /**
   * Builds a read-only view of the store: `store.view()` unless given (today's Neo4jStore.view()
   * or any projection builder). It must throw, never resolve, when its read was cut short.
   */
  build?: (store: GraphStore) => Promise<GraphView>;
  /** Rebuild this often whatever the change token says (writes by other tools); 0 or absent: never. */
  refreshIntervalMs?: number;
  /** Read the store's change token this often, rebuilding when it moved; 0 or absent: never. */
  changePollMs?: number;
  /** First wait before retrying a failed refresh; doubled on each failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told of every refresh's outcome (the server logs it). */
  onRefresh?: (event: { outcome: 'swapped'; projection: DataVersion } | { outcome: 'failed'; error: unknown }) => void;
  now?: () => Date;
}

const DEFAULT_RETRY_MS = 1_000;
const DEFAULT_MAX_RETRY_MS = 60_000;

/**
 * A GraphStore that serves one held projection of another store. Reads never wait on the store
 * once the first projection is built; `refresh()` builds a new one beside it and swaps it in whole.
 * Refreshes asked for while one runs are joined into one more, begun after it (its read may have
 * started before the change). Loads go through to the store and then refresh, so a load's answer
 * means the next read sees it.
 *
 * @example
 *   const served = new ServingStore(await Neo4jStore.connect(settings), { changePollMs: 5000, refreshIntervalMs: 300_000 });
 *   await served.projection(); served.start();
 *   createApp(served, config);
 */
export class ServingStore implements GraphStore {
  private held: Projection | undefined;
  private versions = 0;
  /** The change token read just before the held projection's build began. */
  private token: string | undefined;
  private running: Promise<Projection> | undefined;
  private queued: Promise<Projection> | undefined;
  private failure: { at: Date; message: string; attempts: number } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt: Date | undefined;
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private closed = false;

  constructor(
    readonly store: GraphStore,
    private readonly options: ServingOptions = {},
  ) {
    const inner = store as GraphStore & { replace?: (dataset: Dataset) => Promise<LoadSummary>; loadState?: (state: CompactState) => Promise<LoadSummary> };
    // A write the inner store takes, then a refresh, so the next answer is from what was written.
    const thenRefresh = <T>(write: ((input: T) => Promise<LoadSummary>) | undefined) =>
      write === undefined
        ? undefined
        : async (input: T) => {
            const summary = await write(input);
            await this.refresh().catch(() => undefined);
            return summary;
          };
    this.loadState = thenRefresh(inner.loadState?.bind(inner));
    this.replace = thenRefresh(inner.replace?.bind(inner));
  }

  get backend(): StoreBackend {
    return this.store.backend;
  }

  /** The projection to answer from; builds the first one when there is none yet. */
  async projection(): Promise<Projection> {
    if (this.held !== undefined && this.inProcess()) {
      // An in-process store changes only through calls in this process, some of them not through
      // this holder (a dataset catalog made over the store itself); its view() is the one it keeps
      // until a load replaces it, so a new view object is new data.
      const view = await this.store.view();
      if (view !== this.held.view) this.held = { view, version: (this.versions += 1), dataAsOf: this.now().toISOString() };
    }
    return this.held ?? this.refresh();
  }

  /** A store with no change token and no projection builder: its own view() is always current and cheap. */
  private inProcess(): boolean {
    return this.store.changeToken === undefined && this.options.build === undefined;
  }

  /** The projection served now, without waiting; undefined before the first one is built. */
  current(): Projection | undefined {
    return this.held;
  }

  async view(): Promise<GraphView> {
    return (await this.projection()).view;
  }

  /**
   * Builds a new projection and swaps it in. Rejects (keeping the old one serving, and retrying
   * on a timer once started) when the build fails.
   */
  refresh(): Promise<Projection> {
    if (this.running === undefined) {
      this.running = this.rebuild().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  async load(dataset: Dataset): Promise<LoadSummary> {
    const summary = await this.store.load(dataset);
    // The load went through, so it is reported; a failed refresh after it shows in health() and is retried.
    await this.refresh().catch(() => undefined);
    return summary;
  }

  /**
   * Replaces everything, for a store that can (the embedded one: dataset versions rebuild it whole),
   * then refreshes: undefined on a store that cannot.
   */
  readonly replace: ((dataset: Dataset) => Promise<LoadSummary>) | undefined;

  /** Adds a built compact state (a snapshot read back), when the store is the embedded one; then refreshes. */
  readonly loadState: ((state: CompactState) => Promise<LoadSummary>) | undefined;

  async changeToken(): Promise<string> {
    return this.store.changeToken === undefined ? String(this.held?.version ?? 0) : this.store.changeToken();
  }

  health(): ProjectionHealth {
    const serving = this.held === undefined ? undefined : { version: this.held.version, dataAsOf: this.held.dataAsOf };
    return {
      status: this.failure === undefined ? 'current' : 'stale',
      ...(serving === undefined ? {} : { serving }),
      refreshing: this.running !== undefined,
      ...(this.failure === undefined ? {} : { lastError: { at: this.failure.at.toISOString(), message: this.failure.message } }),
      ...(this.retryAt === undefined ? {} : { retryAt: this.retryAt.toISOString() }),
    };
  }

  /** Starts the change poll and the refresh interval (timers that never keep the process alive). */
  start(): void {
    const { changePollMs = 0, refreshIntervalMs = 0 } = this.options;
    this.started = true;
    if (changePollMs > 0) this.timers.push(setInterval(() => void this.pollChanges(), changePollMs).unref());
    if (refreshIntervalMs > 0) this.timers.push(setInterval(() => void this.refreshInBackground(), refreshIntervalMs).unref());
  }

  /** Stops the timers and closes the store. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    clearTimeout(this.retryTimer);
    await this.running?.catch(() => undefined);
    await this.store.close();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async rebuild(): Promise<Projection> {
    const startedAt = this.now();
    try {
      // Read before the build: a change during it moves the token again, and the next poll rebuilds.
      const token = this.store.changeToken === undefined ? undefined : await this.store.changeToken();
      const view = await (this.options.build ?? ((store: GraphStore) => store.view()))(this.store);
      this.held = { view, version: (this.versions += 1), dataAsOf: startedAt.toISOString() };
      this.token = token;
      this.failure = undefined;
      this.retryAt = undefined;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.options.onRefresh?.({ outcome: 'swapped', projection: { version: this.held.version, dataAsOf: this.held.dataAsOf } });
      return this.held;
    } catch (error) {
      const attempts = (this.failure?.attempts ?? 0) + 1;
      this.failure = { at: this.now(), message: (error instanceof Error ? error.message : String(error)).split('\n')[0]!, attempts };
      this.scheduleRetry(attempts);
      this.options.onRefresh?.({ outcome: 'failed', error });
      throw error;
    }
  }

  /** Retries a failed refresh after 1 s, 2 s, 4 s … up to the maximum, between start() and close(). */
  private scheduleRetry(attempts: number): void {
    if (!this.started || this.closed || this.retryTimer !== undefined) return;
    const wait = Math.min((this.options.retryMs ?? DEFAULT_RETRY_MS) * 2 ** (attempts - 1), this.options.maxRetryMs ?? DEFAULT_MAX_RETRY_MS);
    this.retryAt = new Date(this.now().getTime() + wait);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.refreshInBackground();
    }, wait).unref();
  }

  private async refreshInBackground(): Promise<void> {
    // The outcome is recorded in health() and told to onRefresh; a failure schedules its retry.
    await this.refresh().catch(() => undefined);
  }

  private async pollChanges(): Promise<void> {
    // While a failure waits for its retry, the retry is what reads the store next.
    if (this.running !== undefined || this.retryTimer !== undefined || this.store.changeToken === undefined) return;
    let token: string;
    try {
      token = await this.store.changeToken();
    } catch {
      // The store cannot be read: a refresh records why in health() and retries until it can.
      await this.refreshInBackground();
      return;
    }
    if (token !== this.token) await this.refreshInBackground();
  }
}
