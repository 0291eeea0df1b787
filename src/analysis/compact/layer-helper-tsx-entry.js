// Entry of the search helper thread when enduse runs from its TypeScript sources: registers tsx
// (worker threads do not inherit it), then runs layer-helper-worker.ts. The compiled build (dist/)
// starts layer-helper-worker.js, compiled from the .ts, directly.
import { register } from 'tsx/esm/api';

register();
await import('./layer-helper-worker.ts');
