import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AnswerIssueCode,
  AuditGap,
  MEDICATION_STAIRCASE_V1,
  RecommendationNoteCode,
  RecommendationReasonCode,
  StockMoveKind,
  StockRefusalCode,
  StockState,
} from '../../src/index.js';

const doc = readFileSync(new URL('../../../../docs/screening.md', import.meta.url), 'utf8');

describe('docs/screening.md', () => {
  it.each([
    ['question', MEDICATION_STAIRCASE_V1.questions.map((question) => question.id)],
    ['reason', RecommendationReasonCode.options],
    ['note', RecommendationNoteCode.options],
    ['validation code', AnswerIssueCode.options],
    ['audit gap', AuditGap.options],
    ['stock state', StockState.options],
    ['stock move', StockMoveKind.options],
    ['stock refusal', StockRefusalCode.options],
  ] as const)('documents every %s', (_kind, names) => {
    for (const name of names) expect(doc, name).toContain(`\`${name}\``);
  });

  it('shows each question in Danish', () => {
    for (const question of MEDICATION_STAIRCASE_V1.questions) expect(doc).toContain(question.text.da);
  });
});
