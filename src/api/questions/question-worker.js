// Entry of the question pool's worker threads when enduse runs from its TypeScript sources
// (piscina loads it by path): registers tsx, then hands tasks to question-worker-task.ts. The
// compiled build (dist/) runs question-worker-task.js directly.
import { register } from 'tsx/esm/api';

register();
const { runQuestionTask } = await import('./question-worker-task.ts');

export default runQuestionTask;
