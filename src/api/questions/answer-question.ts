// Answers one heavy question to JSON, in a worker thread or inline: the analysis, the deadline
// check, the schema check and the serialisation all happen where the answer is computed, so the
// request thread only sends bytes. The answer comes as text, for the caller to encode where the
// bytes must go (a worker into its outbox, see question-worker-task.ts).
import { z } from 'zod';
import type { GraphView } from '../../store/graph-view.ts';
import { carryError, type CarriedError } from './carried-error.ts';
import type { Question, QuestionTools } from './question.ts';

/** An answer as the request thread sends it; `release` (when given) once its response is done. */
export type Answer = { kind: 'answer'; json: Uint8Array; complete: boolean; ms: number; release?: () => void };

export type QuestionOutcome =
  | Answer
  | { kind: 'error'; error: CarriedError; ms: number }
  /** The request was abandoned (client gone, deadline passed) and the work stopped. */
  | { kind: 'cancelled'; ms: number };

const encoder = new TextEncoder();

/** The answer's JSON text, before it is encoded. */
export type TextOutcome = Exclude<QuestionOutcome, Answer> | { kind: 'answer-text'; text: string; complete: boolean; ms: number };

/** Answers inline: the text encoded into bytes of its own. */
export function answerQuestion(graph: GraphView, question: Question, input: unknown, tools: QuestionTools): QuestionOutcome {
  const outcome = answerQuestionText(graph, question, input, tools);
  return outcome.kind === 'answer-text' ? { kind: 'answer', json: encoder.encode(outcome.text), complete: outcome.complete, ms: outcome.ms } : outcome;
}

export function answerQuestionText(graph: GraphView, question: Question, input: unknown, tools: QuestionTools): TextOutcome {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const cancelled = () => {
    const flag = tools.deadline.cancelled;
    return flag !== undefined && Atomics.load(flag.flags, flag.index) !== 0;
  };
  if (cancelled()) return { kind: 'cancelled', ms: 0 };
  try {
    const answer = question.answer(graph, input, tools);
    if (cancelled()) return { kind: 'cancelled', ms: ms() };
    tools.deadline.check('the analysis');
    const checked = question.response.safeParse(answer);
    if (!checked.success) throw new Error(`the ${question.name} question answered outside its schema: ${z.prettifyError(checked.error)}`);
    return { kind: 'answer-text', text: JSON.stringify(checked.data), complete: question.complete?.(answer) ?? true, ms: ms() };
  } catch (error) {
    if (cancelled()) return { kind: 'cancelled', ms: ms() };
    return { kind: 'error', error: carryError(error), ms: ms() };
  }
}
