// The Neo4j store: loads in idempotent batches, and gives analysis the compact engine's view,
// projected from the database in one read transaction (see project-compact.ts).
import type { Driver } from 'neo4j-driver';
import type { Dataset } from '../../domain/schema.ts';
import type { FlaggedIn, GraphStore, LoadSummary, ReachBudget, ReachQuestion } from '../graph-store.ts';
import type { GraphView } from '../graph-view.ts';
import { CompactGraphView } from '../compact/compact-graph-view.ts';
import { asStoreError, connectNeo4j, type Neo4jSettings } from './neo4j-connection.ts';
import { projectCompact, type ProjectionProgress } from './project-compact.ts';
import { bumpChangeMarker, readChangeMarker } from './change-marker.ts';
import { pushdownView } from './pushdown-view.ts';
import { BatchedWrite, writeDataset, type Neo4jLoadReport, type PhaseCounts, type WriteOptions } from './write-dataset.ts';

export type Neo4jLoadSummary = LoadSummary & { report: Neo4jLoadReport };

/**
 * A GraphStore over a Neo4j database. Unlike the embedded store, a load is all or nothing per
 * batch, not as a whole: a failed load leaves whole batches behind, and rerunning it completes it.
 *
 * @example const store = await Neo4jStore.connect({ uri: 'bolt://127.0.0.1:7687' }); await store.load(dataset);
 */
export class Neo4jStore implements GraphStore {
  readonly backend = 'neo4j';

  private constructor(
    readonly driver: Driver,
    readonly settings: Neo4jSettings,
  ) {}

  /** Connects and applies cypher/schema.cypher; throws StoreUnavailableError when Neo4j cannot be used. */
  static async connect(settings: Neo4jSettings): Promise<Neo4jStore> {
    return new Neo4jStore(await connectNeo4j(settings), settings);
  }

  async load(dataset: Dataset, options: WriteOptions = {}): Promise<Neo4jLoadSummary> {
    const report = await this.loadRows(() => writeDataset(this.driver, this.settings, dataset, options));
    return {
      entities: report.rows.entities,
      relationships: report.rows.relationships,
      listings: report.rows.listings,
      jurisdictions: report.rows.jurisdictions,
      report,
    };
  }

  /**
   * A load whose rows `add` gives to a BatchedWrite as it reads them (a dataset read from files
   * row by row, see datasets/neo4j-file-load.ts): `totals` are the rows of each kind it will add.
   * @example await store.loadStreamed(totals, async (write) => { write.entity(entity); await write.flush(); })
   */
  async loadStreamed(totals: PhaseCounts, add: (write: BatchedWrite) => Promise<void>, options: WriteOptions = {}): Promise<Neo4jLoadReport> {
    return this.loadRows(async () => {
      const write = new BatchedWrite(this.driver, this.settings, totals, options);
      await add(write);
      await write.flush();
      return write.report();
    });
  }

  /** Runs a load, then bumps the change marker, also when the load stopped half-way. */
  private async loadRows(load: () => Promise<Neo4jLoadReport>): Promise<Neo4jLoadReport> {
    let report: Neo4jLoadReport;
    try {
      report = await load();
    } catch (error) {
      // A load that stopped half-way still committed whole batches: say so to serving projections
      // if the server lets us. If it does not, the load's own error is what the caller must see,
      // and servers pick the batches up at their next refresh interval.
      await bumpChangeMarker(this.driver, this.settings).catch(() => undefined);
      throw error;
    }
    await this.markChanged();
    return report;
  }

  /**
   * Projects the stored graph into the compact engine the embedded store uses: every analysis
   * then runs exactly as on the embedded store. Costs one full read and memory for the whole
   * graph (see README, Neo4j); questions about one entity can run in the database instead
   * (analysis/route-search.ts, strategy 'pushdown').
   */
  async view(onProgress?: (progress: ProjectionProgress) => void): Promise<GraphView> {
    try {
      const state = await projectCompact(this.driver, this.settings, onProgress);
      // Built here, as the compact store does on load, so the view is ready to question.
      state.graph.goodsAdjacency();
      return new CompactGraphView(state);
    } catch (error) {
      throw asStoreError(error, this.settings);
    }
  }

  /** The change marker's version: differs after any enduse load since it was read (change-marker.ts). */
  async changeToken(): Promise<string> {
    try {
      return await readChangeMarker(this.driver, this.settings);
    } catch (error) {
      throw asStoreError(error, this.settings);
    }
  }

  private async markChanged(): Promise<void> {
    try {
      await bumpChangeMarker(this.driver, this.settings);
    } catch (error) {
      throw asStoreError(error, this.settings);
    }
  }

  /** Push-down (see pushdown-view.ts): the search from `from` run layer by layer in the database. */
  async reachView(from: string, question: ReachQuestion, flaggedIn: FlaggedIn, budget?: ReachBudget): Promise<GraphView | undefined> {
    try {
      return await pushdownView(this.driver, this.settings, from, question, flaggedIn, budget);
    } catch (error) {
      throw asStoreError(error, this.settings);
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
