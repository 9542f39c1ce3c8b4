import type { DeviceType, StaircaseStep } from '../domain/vocabulary.js';
import type { BilingualText } from './text.js';

export interface StaircaseStepInfo {
  step: StaircaseStep;
  /** The device type used on this step; none for self-reliance (0) and physical visits (5). */
  deviceType: DeviceType | undefined;
  name: BilingualText;
  description: BilingualText;
  /** Whether virtual visits (video) can be added on this step. */
  virtualVisitsPossible: boolean;
}

/** The staircase ("indsatstrappen"), least intrusive first (DESIGN §1). The wizard shows it whole. */
export const STAIRCASE: readonly StaircaseStepInfo[] = [
  {
    step: 0,
    deviceType: undefined,
    name: { da: 'Selvhjulpen', en: 'Self-reliant' },
    description: {
      da: 'Borgeren klarer selv sin dosisdispenserede eller manuelt doserede medicin.',
      en: 'The citizen manages dose-packed or manually dispensed medicine alone.',
    },
    virtualVisitsPossible: false,
  },
  {
    step: 1,
    deviceType: 'flexsmart',
    name: { da: 'FlexSmart App', en: 'FlexSmart App' },
    description: {
      da: 'App på borgerens telefon eller tablet, der minder om medicinen; borgeren bekræfter, at den er taget.',
      en: "App on the citizen's phone or tablet that reminds; the citizen confirms the medicine was taken.",
    },
    virtualVisitsPossible: true,
  },
  {
    step: 2,
    deviceType: 'medido',
    name: { da: 'MedidoClock', en: 'MedidoClock' },
    description: {
      da: 'Dispenser med apotekets dosisrulle; den bipper og giver den aktuelle dosispose ud, når borgeren trykker på knappen.',
      en: "Dispenser loaded with the pharmacy's dose roll; it beeps and releases the due pouch when the citizen presses the button.",
    },
    virtualVisitsPossible: true,
  },
  {
    step: 3,
    deviceType: 'smila',
    name: { da: 'Smila', en: 'Smila' },
    description: {
      da: 'Dispenser til dosisposer med tovejsvideo, så e-Teamet kan se borgeren tage medicinen.',
      en: 'Dose-pouch dispenser with two-way video, so the e-Team can watch the citizen take the medicine.',
    },
    virtualVisitsPossible: true,
  },
  {
    step: 4,
    deviceType: 'medimi',
    name: { da: 'MedimiSmart', en: 'MedimiSmart' },
    description: {
      da: 'Aflåst robot med en kassette pr. lægemiddel, som selv sammensætter hver dosis.',
      en: 'Locked robot with one cassette per drug that composes each dose itself.',
    },
    virtualVisitsPossible: true,
  },
  {
    step: 5,
    deviceType: undefined,
    name: { da: 'Fysisk besøg', en: 'Physical visit' },
    description: {
      da: 'Personalet kommer i hjemmet og giver medicinen.',
      en: 'Staff come to the home and give the medicine.',
    },
    virtualVisitsPossible: false,
  },
];

/** The device type a step uses, or undefined for steps 0 and 5. */
export function deviceTypeForStep(step: StaircaseStep): DeviceType | undefined {
  return STAIRCASE[step]?.deviceType;
}

/** The step a device type belongs to. */
export function stepForDeviceType(deviceType: DeviceType): StaircaseStep {
  const info = STAIRCASE.find((entry) => entry.deviceType === deviceType);
  if (!info) throw new Error(`no staircase step for ${deviceType}`);
  return info.step;
}
