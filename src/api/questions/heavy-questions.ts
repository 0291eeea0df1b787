// Every heavy question by name: what a worker thread looks a task's question up in.
import { changesQuestion } from '../routes/changes.ts';
import { chokepointsQuestion } from '../routes/chokepoints.ts';
import { exposureQuestion } from '../routes/exposure.ts';
import { routesQuestion } from '../routes/flagged-routes.ts';
import { screeningQuestion } from '../routes/screenings.ts';
import type { Question, QuestionName } from './question.ts';

export const HEAVY_QUESTIONS: Readonly<Record<QuestionName, Question>> = {
  routes: routesQuestion,
  exposure: exposureQuestion,
  chokepoints: chokepointsQuestion,
  screening: screeningQuestion,
  changes: changesQuestion,
};
