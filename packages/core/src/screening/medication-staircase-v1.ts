import type { Questionnaire } from './questionnaire.js';

/**
 * The medication-staircase screening, version 1. Published data: never edit a published version (texts included);
 * make version 2 instead, so every stored screening can still be read with the questions its assessor saw.
 * docs/screening.md describes the questions, the branching and the recommendation rules.
 */
export const MEDICATION_STAIRCASE_V1: Questionnaire = {
  id: 'medication-staircase',
  version: 1,
  title: {
    da: 'Screening til medicinteknologi (indsatstrappen)',
    en: 'Screening for medication technology (the staircase)',
  },
  questions: [
    {
      id: 'medicine_supply',
      text: { da: 'Hvordan bliver borgerens medicin doseret?', en: "How is the citizen's medicine dispensed?" },
      help: {
        da: 'Dosisdispenseret medicin kommer fra apoteket i poser påtrykt navn, CPR-nummer, dato og tidspunkt. MedidoClock og Smila kræver dosisposer.',
        en: 'Dose-packed medicine comes from the pharmacy in pouches printed with name, CPR number, date and time. MedidoClock and Smila require dose pouches.',
      },
      answer: {
        kind: 'single_choice',
        options: [
          {
            value: 'pharmacy_dose_roll',
            label: {
              da: 'Dosisdispenseret fra apoteket (dosisrulle med poser)',
              en: 'Dose-packed by the pharmacy (dose roll of pouches)',
            },
          },
          {
            value: 'manual',
            label: {
              da: 'Doseret manuelt, fx i doseringsæske af personalet',
              en: 'Dispensed manually, e.g. into a pill organiser by staff',
            },
          },
        ],
      },
    },
    {
      id: 'administrations_per_day',
      text: {
        da: 'Hvor mange gange om dagen skal borgeren have medicin?',
        en: 'How many times a day does the citizen take medicine?',
      },
      help: {
        da: 'Tæl hvert tidspunkt med, fx morgen, middag, aften og nat = 4. Medicin efter behov (PN) tælles ikke med.',
        en: 'Count each time of day, e.g. morning, noon, evening and night = 4. Do not count as-needed (PRN) medicine.',
      },
      answer: {
        kind: 'number',
        min: 1,
        max: 12,
        integer: true,
        unit: { da: 'gange om dagen', en: 'times a day' },
      },
    },
    {
      id: 'time_critical',
      text: { da: 'Får borgeren tidskritisk medicin?', en: 'Does the citizen take time-critical medicine?' },
      help: {
        da: 'Medicin, der skal tages på et bestemt tidspunkt for at virke eller for at undgå skade, fx medicin mod Parkinsons sygdom eller epilepsi.',
        en: "Medicine that must be taken at a set time to work or to avoid harm, e.g. medicine for Parkinson's disease or epilepsy.",
      },
      answer: { kind: 'yes_no' },
    },
    {
      id: 'can_take_alone',
      text: {
        da: 'Kan borgeren selv tage medicinen ud af posen eller æsken og indtage den?',
        en: 'Can the citizen take the medicine out of the pouch or box and swallow it without help?',
      },
      help: {
        da: 'Tænk på finmotorik, syn og synkefunktion. Svar nej, hvis personalet skal række borgeren medicinen.',
        en: 'Consider fine motor skills, eyesight and swallowing. Answer no if staff must hand the medicine to the citizen.',
      },
      answer: { kind: 'yes_no' },
    },
    {
      id: 'must_lock',
      text: { da: 'Skal medicinen være låst inde?', en: 'Must the medicine be locked away?' },
      help: {
        da: 'Fx ved risiko for overdosering, forveksling eller misbrug, eller hvis andre i hjemmet kan få fat i medicinen.',
        en: 'E.g. a risk of overdose, mix-ups or misuse, or others in the home could get hold of the medicine.',
      },
      answer: { kind: 'yes_no' },
      showWhen: [{ question: 'can_take_alone', equals: true }],
    },
    {
      id: 'must_observe',
      text: {
        da: 'Skal personalet se borgeren tage medicinen?',
        en: 'Must staff see the citizen take the medicine?',
      },
      help: {
        da: 'Observeret indtagelse, fx ved antipsykotisk medicin eller tvivl om, hvorvidt medicinen bliver taget. Det kan ske over video (Smila) eller ved et besøg.',
        en: 'Observed intake, e.g. for antipsychotic medicine or when there is doubt whether the medicine is taken. It can happen over video (Smila) or at a visit.',
      },
      answer: { kind: 'yes_no' },
      showWhen: [{ question: 'can_take_alone', equals: true }],
    },
    {
      id: 'remembers_unaided',
      text: {
        da: 'Husker borgeren selv at tage medicinen til tiden uden påmindelse?',
        en: 'Does the citizen remember to take the medicine on time without reminders?',
      },
      answer: { kind: 'yes_no' },
      showWhen: [
        { question: 'can_take_alone', equals: true },
        { question: 'must_lock', equals: false },
        { question: 'must_observe', equals: false },
      ],
    },
    {
      id: 'can_use_smartphone',
      text: {
        da: 'Kan borgeren bruge en smartphone eller tablet?',
        en: 'Can the citizen use a smartphone or tablet?',
      },
      help: {
        da: 'Borgeren skal selv kunne åbne en app, se en påmindelse og bekræfte, at medicinen er taget.',
        en: 'The citizen must be able to open an app, notice a reminder and confirm that the medicine was taken.',
      },
      answer: { kind: 'yes_no' },
      showWhen: [
        { question: 'can_take_alone', equals: true },
        { question: 'must_lock', equals: false },
        { question: 'must_observe', equals: false },
        {
          anyOf: [
            { question: 'remembers_unaided', equals: false },
            { question: 'time_critical', equals: true },
          ],
        },
      ],
    },
    {
      id: 'can_press_button',
      text: {
        da: 'Kan borgeren reagere på et lyd- eller lyssignal og trykke på en knap for at få medicinen?',
        en: 'Can the citizen respond to a sound or light signal and press a button to get the medicine?',
      },
      help: {
        da: 'Dispenserne giver først medicinen ud, når borgeren trykker på knappen. Vurder hukommelse, forståelse, hørelse og syn.',
        en: 'The dispensers release the medicine only when the citizen presses the button. Consider memory, understanding, hearing and eyesight.',
      },
      answer: { kind: 'yes_no' },
      showWhen: [
        { question: 'can_take_alone', equals: true },
        {
          anyOf: [
            { question: 'must_lock', equals: true },
            { question: 'must_observe', equals: true },
            { question: 'can_use_smartphone', equals: false },
          ],
        },
      ],
    },
    {
      id: 'dose_packing_possible',
      text: {
        da: 'Kan medicinen overgå til dosisdispensering fra apoteket?',
        en: 'Can the medicine be switched to dose-packing by the pharmacy?',
      },
      help: {
        da: 'Lægen skal ordinere dosisdispensering i FMK. Nogle lægemidler kan ikke dosisdispenseres, fx flydende medicin eller medicin, der ofte ændres.',
        en: 'The doctor must prescribe dose dispensing in the shared medication record (FMK). Some drugs cannot be dose-packed, e.g. liquids or medicine that changes often.',
      },
      answer: { kind: 'yes_no' },
      showWhen: [
        { question: 'medicine_supply', equals: 'manual' },
        { question: 'can_press_button', equals: true },
      ],
    },
    {
      id: 'travels',
      text: {
        da: 'Rejser borgeren, eller er borgeren ofte hjemmefra, når medicinen skal tages?',
        en: 'Does the citizen travel, or is the citizen often away from home when medicine is due?',
      },
      help: {
        da: 'Fx ophold i sommerhus, hos familie eller i dagcenter. Dispenserne har en rejsetilstand, hvor doser kan tages ud i forvejen.',
        en: 'E.g. stays at a summer house, with family or at a day centre. The dispensers have a travel mode in which doses can be taken out in advance.',
      },
      answer: { kind: 'yes_no' },
      showWhen: [{ question: 'can_take_alone', equals: true }],
    },
    {
      id: 'needs_virtual_visits',
      text: {
        da: 'Har borgeren brug for virtuelle besøg (videoopkald), fx til støtte, vejledning eller opfølgning?',
        en: 'Does the citizen need virtual visits (video calls), e.g. for support, guidance or follow-up?',
      },
      answer: { kind: 'yes_no' },
      showWhen: [{ question: 'can_take_alone', equals: true }],
    },
  ],
};
