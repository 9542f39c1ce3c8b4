import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import '../src/elements/mt-screening-wizard.js';
import type { MtScreeningWizard } from '../src/screening-wizard/screening-wizard.js';
import { expectAccessible, shadowText } from './helpers.js';

async function mount(lang = 'da'): Promise<MtScreeningWizard> {
  const element = document.createElement('mt-screening-wizard');
  element.lang = lang;
  document.body.append(element);
  await element.updateComplete;
  return element;
}

function legend(element: MtScreeningWizard): string {
  return element.shadowRoot!.querySelector('legend')?.textContent?.trim() ?? '';
}

function choose(element: MtScreeningWizard, index: number): void {
  element.shadowRoot!.querySelectorAll<HTMLInputElement>('fieldset input[type=radio]')[index]!.click();
}

async function next(element: MtScreeningWizard): Promise<void> {
  element.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  await element.updateComplete;
}

async function setNumber(element: MtScreeningWizard, value: string): Promise<void> {
  const input = element.shadowRoot!.querySelector<HTMLInputElement>('input[type=number]')!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await element.updateComplete;
}

/** Answers up to can_take_alone = no: the branching skips the self-management questions. */
async function answerDependentCitizen(element: MtScreeningWizard): Promise<void> {
  choose(element, 0); // dose roll from the pharmacy
  await next(element);
  await setNumber(element, '3');
  await next(element);
  choose(element, 1); // not time critical
  await next(element);
  // A fresh question must not show the previous question's choice (the DOM is not reused across questions).
  expect(element.shadowRoot!.querySelector('fieldset input:checked')).to.equal(null);
  choose(element, 1); // cannot take the medicine alone
  await element.updateComplete;
  expect(element.value).to.have.property('can_take_alone', false);
}

describe('mt-screening-wizard', () => {
  afterEach(() => document.body.replaceChildren());

  it('asks one question at a time and validates before moving on', async () => {
    const element = await mount();
    expect(legend(element)).to.equal('Hvordan bliver borgerens medicin doseret?');
    await next(element);
    expect(shadowText(element)).to.contain('Besvar spørgsmålet');
    choose(element, 0);
    await next(element);
    expect(legend(element)).to.contain('Hvor mange gange om dagen');
    await setNumber(element, '40');
    await next(element);
    expect(shadowText(element)).to.contain('Angiv et tal fra 1 til 12');
  });

  it('asks only relevant questions, goes back, and recommends a step with reasons and the whole staircase', async () => {
    const element = await mount();
    await answerDependentCitizen(element);
    const progressBefore = shadowText(element);
    expect(progressBefore).to.match(/Spørgsmål 4 af \d+/);
    const total = Number(/Spørgsmål 4 af (\d+)/.exec(progressBefore)![1]);
    expect(total).to.be.below(12); // the self-management questions are not asked
    element.shadowRoot!.querySelector<HTMLButtonElement>('.nav button.secondary')!.click(); // back
    await element.updateComplete;
    expect(legend(element)).to.contain('tidskritisk');
    await next(element);
    for (let i = 0; i < 12 && element.shadowRoot!.querySelector('[part=result]') === null; i += 1) {
      if (element.shadowRoot!.querySelector('input[type=radio]:checked') === null) choose(element, 1);
      await next(element);
    }
    const result = element.shadowRoot!.querySelector('[part=result]');
    expect(result, 'recommendation shown').not.to.equal(null);
    expect(element.shadowRoot!.querySelectorAll('ol.staircase li').length).to.equal(6);
    expect(element.shadowRoot!.querySelectorAll('ol.staircase li[aria-current=step]').length).to.equal(1);
    expect(shadowText(element)).to.contain('Begrundelse');
  });

  it('saves a draft and resumes it in a new element', async () => {
    const element = await mount();
    const drafts: unknown[] = [];
    element.addEventListener('mt-screening-draft', (e) => drafts.push(e.detail));
    choose(element, 0);
    await next(element);
    await setNumber(element, '2');
    element.saveDraft();
    expect(drafts).to.have.length(1);
    const draft = element.draft!;
    expect(draft.currentQuestionId).to.equal('administrations_per_day');
    element.remove();
    const resumed = await mount();
    resumed.draft = draft;
    await resumed.updateComplete;
    expect(legend(resumed)).to.contain('Hvor mange gange om dagen');
    expect(resumed.shadowRoot!.querySelector<HTMLInputElement>('input[type=number]')!.value).to.equal('2');
  });

  it('is form-associated: a host form gets the answers only when the screening is complete', async () => {
    const form = document.createElement('form');
    const element = document.createElement('mt-screening-wizard');
    element.name = 'screening';
    form.append(element);
    document.body.append(form);
    await element.updateComplete;
    expect(element.form).to.equal(form);
    expect(form.checkValidity()).to.equal(false);
    await answerDependentCitizen(element);
    for (let i = 0; i < 12 && element.shadowRoot!.querySelector('[part=result]') === null; i += 1) {
      if (element.shadowRoot!.querySelector('input[type=radio]:checked') === null) choose(element, 1);
      await next(element);
    }
    const completed: unknown[] = [];
    element.addEventListener('mt-screening-completed', (e) => completed.push(e.detail));
    const submit = element.shadowRoot!.querySelector<HTMLButtonElement>('#submit');
    expect(submit, shadowText(element)).not.to.equal(null);
    submit!.click();
    expect(completed).to.have.length(1);
    expect(form.checkValidity()).to.equal(true);
    const value = JSON.parse(new FormData(form).get('screening') as string) as { step: number; answers: object };
    expect(value.answers).to.have.property('can_take_alone', false);
    expect(value.step).to.be.a('number');
  });

  it('works by keyboard alone (Tab, arrows, Space, Enter)', async () => {
    const element = await mount();
    const outside = document.createElement('button');
    outside.textContent = 'before';
    document.body.prepend(outside);
    outside.focus();
    await sendKeys({ press: 'Tab' }); // into the first radio
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' }); // submits the step form
    await element.updateComplete;
    expect(legend(element)).to.contain('Hvor mange gange om dagen');
    await sendKeys({ type: '4' });
    await sendKeys({ press: 'Enter' });
    await element.updateComplete;
    expect(legend(element)).to.contain('tidskritisk');
  });

  it('speaks English when lang="en" and every target is at least 44 px', async () => {
    const element = await mount('en');
    expect(legend(element)).to.equal("How is the citizen's medicine dispensed?");
    for (const target of element.shadowRoot!.querySelectorAll<HTMLElement>('button, label.choice')) {
      const box = target.getBoundingClientRect();
      expect(box.height, target.textContent ?? '').to.be.at.least(44);
    }
  });

  it('has no axe violations (question, validation message and result)', async () => {
    const element = await mount();
    await next(element);
    await expectAccessible(element);
    await answerDependentCitizen(element);
    for (let i = 0; i < 12 && element.shadowRoot!.querySelector('[part=result]') === null; i += 1) {
      if (element.shadowRoot!.querySelector('input[type=radio]:checked') === null) choose(element, 1);
      await next(element);
    }
    await expectAccessible(element);
  });
});
