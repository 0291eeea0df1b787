// A heavy question (routes, exposure, chokepoints, screening, changes): a pure function of the
// graph and the request's validated input, answered in a worker thread of the question pool (or
// inline), its answer checked against the endpoint's schema and serialised where it was computed.
import type { z } from 'zod';
import type { FreeTradeZone } from '../../domain/red-flags.ts';
import type { GraphView } from '../../store/graph-view.ts';
import type { Deadline } from '../deadline.ts';

export const QUESTION_NAMES = ['routes', 'exposure', 'chokepoints', 'screening', 'changes'] as const;
export type QuestionName = (typeof QUESTION_NAMES)[number];

/** What a question may use besides the graph and its input. */
export interface QuestionTools {
  /** The request's time budget (queue time counted) and cancellation flag: `deadline.searchBudget()`. */
  deadline: Deadline;
  freeTradeZones: readonly FreeTradeZone[];
}

export interface Question<Input = unknown, R extends z.ZodType = z.ZodType> {
  name: QuestionName;
  /** The endpoint's answer schema: the answer is checked against it before it is sent. */
  response: R;
  /** Whether an answer is complete: an incomplete one (search cut short) is not cached. */
  complete?(answer: z.input<R>): boolean;
  answer(graph: GraphView, input: Input, tools: QuestionTools): z.input<R>;
}

/** Declares a question with its types inferred. */
export function defineQuestion<Input, R extends z.ZodType>(question: Question<Input, R>): Question {
  return question as unknown as Question;
}
