// The data version answers are cached under. A view never changes (every load makes a new one:
// see flag-cache.ts), so each distinct view object is one version, numbered in the order seen.
// Until the serving holder carries a data version of its own (id + dataAsOf), this is the one
// place that decides what "the same data" means.
import type { GraphView } from '../../store/graph-view.ts';

const versions = new WeakMap<GraphView, number>();
let lastVersion = 0;

export function dataVersion(view: GraphView): number {
  let version = versions.get(view);
  if (version === undefined) {
    version = ++lastVersion;
    versions.set(view, version);
  }
  return version;
}
