import {
  type AnswerIssue,
  type Answers,
  type AnswerValue,
  CURRENT_QUESTIONNAIRE,
  type Question,
  type Questionnaire,
  type Recommendation,
  recommend,
  STAIRCASE,
  validateAnswers,
  visibleQuestions,
} from '@medtek/core';
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { ScreeningDraftDetail } from '../shared/events.js';
import { emit } from '../shared/events.js';
import { formatDate } from '../shared/i18n/format.js';
import { MtElement } from '../shared/mt-element.js';
import { baseStyles } from '../shared/theme.js';

/**
 * `<mt-screening-wizard>`: the medication-staircase screening, one relevant question at a time (core's branching
 * decides which), with validation messages, the recommended step with its reasons and the whole staircase, save as
 * draft and resume, and submit. Form-associated: inside a host `<form>` it submits its answers (JSON) under `name`
 * and blocks submission until the screening is complete.
 *
 * Drafts live in the element (`draft` property and the `mt-screening-draft` event) so the host can store them;
 * the REST endpoint `/api/v1/screenings` is not available yet.
 *
 * @customElement mt-screening-wizard
 * @summary Screening for medication technology, step by step.
 * @fires mt-screening-draft - The user saved a draft (detail: answers and the current question).
 * @fires mt-screening-completed - The user submitted a complete screening (detail: step and answers).
 * @csspart question - The current question.
 * @csspart result - The recommendation.
 * @csspart staircase - The whole staircase with the recommended step marked.
 */
export class MtScreeningWizard extends MtElement {
  static formAssociated = true;

  static override styles = [
    baseStyles,
    css`
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      legend {
        font-weight: 600;
        font-size: 1.1em;
        margin-bottom: 8px;
        padding: 0;
      }
      .choices {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .choice {
        flex-direction: row;
        align-items: center;
        gap: 10px;
        min-height: 44px;
        padding: 4px 10px;
        border: 1px solid var(--mt-color-border, #c9d1d9);
        border-radius: calc(var(--mt-radius, 8px) / 2);
        font-size: 1em;
        cursor: pointer;
      }
      .choice input {
        min-width: 24px;
        min-height: 24px;
        margin: 0;
      }
      .nav {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        margin-top: 12px;
      }
      .help {
        margin: 0 0 10px;
      }
      ol.staircase {
        list-style: none;
        padding: 0;
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      ol.staircase li {
        padding: 6px 10px;
        border: 1px solid var(--mt-color-border, #c9d1d9);
        border-radius: calc(var(--mt-radius, 8px) / 2);
      }
      ol.staircase li[aria-current='step'] {
        border: 2px solid var(--mt-color-primary, #0b5cab);
        background: var(--mt-color-selected, #ddf4ff);
        font-weight: 600;
      }
      .big {
        font-size: 1.3em;
        font-weight: 700;
      }
    `,
  ];

  /** The questionnaire version to use (default: the current one from core). */
  @property({ attribute: false }) questionnaire: Questionnaire = CURRENT_QUESTIONNAIRE;

  /** Form field name for the submitted answers (JSON). */
  @property({ reflect: true }) name = 'screening';

  /** A saved draft to resume, or the draft just saved. */
  @property({ attribute: false }) draft: ScreeningDraftDetail | undefined;

  @state() private answers: Answers = {};
  @state() private currentId: string | undefined;
  @state() private issue: AnswerIssue | undefined;
  @state() private showingResult = false;
  @state() private status = '';

  private readonly internals: ElementInternals = this.attachInternals();
  private resumedDraft: ScreeningDraftDetail | undefined;

  /** The answers so far (only those to questions that are still relevant count on submit). */
  get value(): Answers {
    return { ...this.answers };
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  protected override willUpdate(): void {
    if (this.draft !== undefined && this.draft !== this.resumedDraft) {
      this.resumedDraft = this.draft;
      this.answers = { ...(this.draft.answers as Answers) };
      this.currentId = this.draft.currentQuestionId;
      this.showingResult = false;
    }
    this.syncForm();
  }

  /** Called by the host form on reset. */
  formResetCallback(): void {
    this.answers = {};
    this.currentId = undefined;
    this.showingResult = false;
    this.issue = undefined;
  }

  private get questions(): Question[] {
    return visibleQuestions(this.questionnaire, this.answers);
  }

  private get current(): Question | undefined {
    const questions = this.questions;
    return questions.find((q) => q.id === this.currentId) ?? questions[0];
  }

  private get recommendation(): Recommendation | undefined {
    const result = recommend(this.questionnaire, this.answers, Date.now());
    return result.ok ? result.recommendation : undefined;
  }

  private syncForm(): void {
    const recommendation = this.recommendation;
    if (recommendation === undefined) {
      this.internals.setFormValue(null);
      this.internals.setValidity({ valueMissing: true }, this.t.screening.incomplete);
    } else {
      this.internals.setFormValue(JSON.stringify({ answers: this.answers, step: recommendation.step }));
      this.internals.setValidity({});
    }
  }

  protected override render(): unknown {
    return html`<h2>${this.questionnaire.title[this.locale]}</h2>
      ${this.showingResult ? this.renderResult() : this.renderQuestion()}
      <p role="status" aria-live="polite">${this.status}</p>`;
  }

  private renderQuestion(): unknown {
    const t = this.t;
    const questions = this.questions;
    const question = this.current;
    if (question === undefined) return nothing;
    const index = questions.indexOf(question);
    const value = this.answers[question.id];
    const errorId = 'question-error';
    const invalid = this.issue !== undefined;
    return html`<p class="muted">${t.screening.progress(index + 1, questions.length)}</p>
      <form part="question" @submit=${this.onNext} novalidate>
        ${keyed(
          question.id,
          // Fresh inputs per question: reused radios would keep the previous question's checked state.
          html`<fieldset aria-describedby=${invalid ? errorId : nothing}>
            <legend>${question.text[this.locale]}</legend>
            ${question.help === undefined ? nothing : html`<p class="help muted">${question.help[this.locale]}</p>`}
            ${this.renderInput(question, value, invalid)}
          </fieldset>`,
        )}
        ${invalid ? html`<p id=${errorId} class="error" role="alert">${this.issue!.message[this.locale]}</p>` : nothing}
        <div class="nav">
          <button type="button" class="secondary" ?disabled=${index === 0} @click=${this.onBack}>
            ${t.screening.back}
          </button>
          <button type="submit">${index === questions.length - 1 ? t.screening.showResult : t.screening.next}</button>
          <button type="button" class="secondary" @click=${this.saveDraft}>${t.screening.saveDraft}</button>
        </div>
      </form>`;
  }

  private renderInput(question: Question, value: AnswerValue | undefined, invalid: boolean): unknown {
    const t = this.t;
    const spec = question.answer;
    const set = (next: AnswerValue | undefined): void => {
      const answers = { ...this.answers };
      if (next === undefined) delete answers[question.id];
      else answers[question.id] = next;
      this.answers = answers;
      this.issue = undefined;
    };
    switch (spec.kind) {
      case 'yes_no':
        return html`<div class="choices">
          ${[true, false].map(
            (option) =>
              html`<label class="choice"
                ><input
                  type="radio"
                  name=${question.id}
                  .checked=${value === option}
                  aria-invalid=${invalid ? 'true' : 'false'}
                  @change=${() => set(option)}
                />${option ? t.screening.yes : t.screening.no}</label
              >`,
          )}
        </div>`;
      case 'single_choice':
        return html`<div class="choices">
          ${spec.options.map(
            (option) =>
              html`<label class="choice"
                ><input
                  type="radio"
                  name=${question.id}
                  .checked=${value === option.value}
                  aria-invalid=${invalid ? 'true' : 'false'}
                  @change=${() => set(option.value)}
                />${option.label[this.locale]}</label
              >`,
          )}
        </div>`;
      case 'number':
        return html`<label
          >${spec.unit?.[this.locale] ?? ''}
          <input
            type="number"
            inputmode=${spec.integer ? 'numeric' : 'decimal'}
            min=${spec.min}
            max=${spec.max}
            step=${spec.integer ? 1 : 'any'}
            .value=${typeof value === 'number' ? String(value) : ''}
            aria-invalid=${invalid ? 'true' : 'false'}
            @input=${(event: Event) => {
              const text = (event.target as HTMLInputElement).value.replace(',', '.');
              set(text === '' ? undefined : Number(text));
            }}
        /></label>`;
    }
  }

  private renderResult(): unknown {
    const t = this.t;
    const recommendation = this.recommendation;
    if (recommendation === undefined) return nothing;
    return html`<section part="result" aria-labelledby="result-title">
      <h3 id="result-title" tabindex="-1">${t.screening.recommended}</h3>
      <p class="big">
        ${t.screening.step(recommendation.step)}:
        ${t.staircase[recommendation.step]}${
          recommendation.virtualVisits ? html` · ${t.screening.virtualVisits}` : nothing
        }
      </p>
      <h3>${t.screening.reasons}</h3>
      <ul>
        ${recommendation.reasons.map((reason) => html`<li>${reason.text[this.locale]}</li>`)}
      </ul>
      ${
        recommendation.notes.length === 0
          ? nothing
          : html`<h3>${t.screening.notes}</h3>
              <ul>
                ${recommendation.notes.map((note) => html`<li>${note.text[this.locale]}</li>`)}
              </ul>`
      }
      <p>${t.screening.followUp(formatDate(recommendation.followUp.due, this.locale))}</p>
      <h3 id="staircase-title">${t.screening.staircase}</h3>
      <ol class="staircase" part="staircase" aria-labelledby="staircase-title">
        ${STAIRCASE.map(
          (info) =>
            html`<li aria-current=${info.step === recommendation.step ? 'step' : 'false'}>
              ${t.screening.step(info.step)}: ${info.name[this.locale]} —
              <span class="muted">${info.description[this.locale]}</span>
            </li>`,
        )}
      </ol>
      <div class="nav">
        <button type="button" class="secondary" @click=${this.onEdit}>${t.screening.edit}</button>
        <button type="button" class="secondary" @click=${this.saveDraft}>${t.screening.saveDraft}</button>
        <button type="button" id="submit" @click=${this.submit}>${t.screening.submit}</button>
      </div>
    </section>`;
  }

  private readonly onNext = (event: Event): void => {
    event.preventDefault();
    const question = this.current;
    if (question === undefined) return;
    // Only this question must be answered now; later ones are checked when reached.
    const issues = validateAnswers(this.questionnaire, this.answers, { requireComplete: true });
    const issue = issues.find((i) => i.questionId === question.id);
    if (issue !== undefined) {
      this.issue = issue;
      return;
    }
    const questions = this.questions;
    const next = questions[questions.indexOf(question) + 1];
    if (next === undefined) {
      this.showingResult = true;
      this.status = '';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#result-title')?.focus());
      return;
    }
    this.currentId = next.id;
    this.status = '';
    void this.updateComplete.then(() => this.focusFirstInput());
  };

  private readonly onBack = (): void => {
    const questions = this.questions;
    const question = this.current;
    const previous = question === undefined ? undefined : questions[questions.indexOf(question) - 1];
    if (previous === undefined) return;
    this.currentId = previous.id;
    this.issue = undefined;
    void this.updateComplete.then(() => this.focusFirstInput());
  };

  private readonly onEdit = (): void => {
    this.showingResult = false;
    void this.updateComplete.then(() => this.focusFirstInput());
  };

  private focusFirstInput(): void {
    const checked = this.renderRoot.querySelector<HTMLInputElement>('fieldset input:checked');
    (checked ?? this.renderRoot.querySelector<HTMLInputElement>('fieldset input'))?.focus();
  }

  /** Saves the current answers as a draft (`draft` property and `mt-screening-draft`). */
  readonly saveDraft = (): void => {
    const detail: ScreeningDraftDetail = { answers: { ...this.answers }, currentQuestionId: this.current?.id };
    this.resumedDraft = detail;
    this.draft = detail;
    this.status = this.t.screening.draftSaved;
    emit(this, 'mt-screening-draft', detail);
  };

  /** Submits a complete screening: the form value is set and `mt-screening-completed` fires. */
  readonly submit = (): void => {
    const recommendation = this.recommendation;
    if (recommendation === undefined) {
      this.status = this.t.screening.incomplete;
      return;
    }
    this.syncForm();
    this.status = this.t.screening.submitted;
    emit(this, 'mt-screening-completed', { step: recommendation.step, answers: { ...this.answers } });
  };
}
