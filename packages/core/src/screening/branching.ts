import type { AnswerValue, Answers, ConditionAtom, ConditionClause, Question, Questionnaire } from './questionnaire.js';
import { valueFits } from './questionnaire-checks.js';

function atomHolds(atom: ConditionAtom, effective: ReadonlyMap<string, AnswerValue>): boolean {
  const value = effective.get(atom.question);
  if (value === undefined) return false;
  if ('equals' in atom) return value === atom.equals;
  return typeof value === 'number' && value >= atom.atLeast;
}

function clauseHolds(clause: ConditionClause, effective: ReadonlyMap<string, AnswerValue>): boolean {
  if ('anyOf' in clause) return clause.anyOf.some((atom) => atomHolds(atom, effective));
  return atomHolds(clause, effective);
}

interface Walk {
  visible: Question[];
  /** Answers that count: the question is visible and the value fits its answer spec. */
  effective: Map<string, AnswerValue>;
}

/** One pass in question order: a question's visibility depends only on the effective answers before it. */
function walk(questionnaire: Questionnaire, answers: Answers): Walk {
  const visible: Question[] = [];
  const effective = new Map<string, AnswerValue>();
  for (const question of questionnaire.questions) {
    if (!(question.showWhen ?? []).every((clause) => clauseHolds(clause, effective))) continue;
    visible.push(question);
    const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    if (value !== undefined && valueFits(question.answer, value)) effective.set(question.id, value);
  }
  return { visible, effective };
}

/** The questions to ask, in order, given the answers so far (answers to hidden questions do not count). */
export function visibleQuestions(questionnaire: Questionnaire, answers: Answers): Question[] {
  return walk(questionnaire, answers).visible;
}

/** Only the answers that count: to visible questions, with valid values. Submitted screenings store these. */
export function effectiveAnswers(questionnaire: Questionnaire, answers: Answers): Answers {
  return Object.fromEntries(walk(questionnaire, answers).effective);
}

/** The first visible question without a valid answer, or undefined when the screening is complete. */
export function nextQuestion(questionnaire: Questionnaire, answers: Answers): Question | undefined {
  const { visible, effective } = walk(questionnaire, answers);
  return visible.find((question) => !effective.has(question.id));
}

/** True when every visible question has a valid answer. */
export function isComplete(questionnaire: Questionnaire, answers: Answers): boolean {
  return nextQuestion(questionnaire, answers) === undefined;
}
