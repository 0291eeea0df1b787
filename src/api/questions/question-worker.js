// Entry of the question pool's worker threads (piscina loads it by path): registers tsx, since
// enduse runs its TypeScript without a build step, then hands tasks to question-worker-task.ts.
import { register } from 'tsx/esm/api';

register();
const { runQuestionTask } = await import('./question-worker-task.ts');

export default runQuestionTask;
