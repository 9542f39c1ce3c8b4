import type { StaircaseStep } from '../domain/vocabulary.js';
import type { Screening } from './records.js';

/** The step the citizen should be on according to a screening (the decision, else the recommendation). */
export function screeningStep(screening: Screening): StaircaseStep | undefined {
  return screening.decidedStep ?? screening.recommendation?.step;
}
