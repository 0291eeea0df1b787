// Entry of the relationships-tail worker thread when enduse runs from its TypeScript sources:
// registers tsx (worker threads do not inherit it), then runs relationship-tail-worker.ts. The
// compiled build (dist/) starts relationship-tail-worker.js, compiled from the .ts, directly.
import { register } from 'tsx/esm/api';

register();
await import('./relationship-tail-worker.ts');
