import { z } from 'zod';

/** HL7 DK Core: the identifier system of the Danish CPR number (DkCorePatient). */
export const CPR_SYSTEM = 'urn:oid:1.2.208.176.1.2';

/**
 * A Danish CPR number: ten digits, optionally written DDMMYY-SSSS; the first six are a real day and month. No
 * modulus-11 check (numbers without it have been issued since 2007). Normalised to ten digits.
 */
export const Cpr = z
  .string()
  .regex(/^\d{6}-?\d{4}$/, 'a CPR number is ten digits (DDMMYY-SSSS)')
  .transform((value) => value.replace('-', ''))
  .refine((value) => {
    const day = Number(value.slice(0, 2));
    const month = Number(value.slice(2, 4));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }, 'the first six digits of a CPR number are the birth date DDMMYY');
export type Cpr = z.infer<typeof Cpr>;
