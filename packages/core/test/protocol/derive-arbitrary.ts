import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Derives a fast-check arbitrary from a zod schema, for the subset of zod the protocol uses (objects, strings with
 * length/regex checks, numbers with ranges, literals, enums, arrays, optionals, unions, booleans, fixed-size bytes).
 * Deriving keeps the property tests in step with the schemas: a new field or frame is generated without new test
 * code. Arrays are kept short (`maxArray`) so cases stay fast; dedicated tests cover the maximum sizes.
 */
export interface DeriveOptions {
  readonly maxArray?: number;
}

interface CheckDef {
  check: string;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
}

type AnySchema = z.ZodType;

function checksOf(schema: AnySchema): CheckDef[] {
  const def = schema._zod.def as { checks?: { _zod: { def: CheckDef } }[] };
  return (def.checks ?? []).map((check) => check._zod.def);
}

export function deriveArbitrary(schema: AnySchema, options: DeriveOptions = {}): fc.Arbitrary<unknown> {
  const maxArray = options.maxArray ?? 3;
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [key, field] of Object.entries(shape)) {
        const fieldDef = field._zod.def as unknown as { type: string; innerType: AnySchema };
        if (fieldDef.type === 'optional') {
          record[key] = deriveArbitrary(fieldDef.innerType, options);
        } else {
          record[key] = deriveArbitrary(field, options);
          requiredKeys.push(key);
        }
      }
      return fc.record(record, { requiredKeys });
    }
    case 'optional':
      return fc.option(deriveArbitrary(def.innerType as AnySchema, options), { nil: undefined });
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map((option) => deriveArbitrary(option, options)));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case 'boolean':
      return fc.boolean();
    case 'array': {
      let minLength = 0;
      let maxLength = maxArray;
      for (const check of checksOf(schema)) {
        if (check.check === 'min_length') minLength = check.minimum!;
        if (check.check === 'max_length') maxLength = Math.min(check.maximum!, maxArray);
      }
      return fc.array(deriveArbitrary(def.element as AnySchema, options), {
        minLength,
        maxLength: Math.max(minLength, maxLength),
      });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'number':
      return numberArbitrary(schema);
    case 'custom':
      // Our only custom schemas are fixed-size byte strings (nonce 16, mac 32).
      return fc
        .constantFrom(16, 32)
        .chain((length) => fc.uint8Array({ minLength: length, maxLength: length }))
        .filter((bytes) => schema.safeParse(bytes).success);
    default:
      throw new Error(`deriveArbitrary: unsupported zod type ${def.type}`);
  }
}

/**
 * Characters of every UTF-8 width (1–4 bytes, the 4-byte one being a surrogate pair), control characters and Danish
 * letters; cheaper to generate than fast-check's full-Unicode unit. The count is halved above so a string of
 * surrogate pairs still fits the schema's UTF-16 length.
 */
const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('æ', 'ø', 'å', 'Å', 'é', '€', '中', '😀', '\u0000', '\n', '\u00a0') },
);

function stringArbitrary(schema: AnySchema): fc.Arbitrary<string> {
  let minLength = 0;
  let maxLength = 40;
  let pattern: RegExp | undefined;
  for (const check of checksOf(schema)) {
    if (check.check === 'min_length') minLength = check.minimum!;
    if (check.check === 'max_length') maxLength = check.maximum!;
    if (check.check === 'string_format' && check.format === 'regex') pattern = check.pattern;
  }
  const base = pattern
    ? fc.stringMatching(pattern)
    : fc.string({ unit: textUnit, minLength, maxLength: Math.max(minLength, Math.floor(maxLength / 2)) });
  // The schema has the last word (e.g. `.trim().min(1)` refuses a blank string of the right length).
  return base.filter((value) => schema.safeParse(value).success);
}

function numberArbitrary(schema: AnySchema): fc.Arbitrary<number> {
  let min = -Number.MAX_VALUE;
  let max = Number.MAX_VALUE;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  for (const check of checksOf(schema)) {
    if (check.check === 'number_format' && (check.format === 'safeint' || check.format === 'int32')) integer = true;
    if (check.check === 'greater_than') {
      min = check.value as number;
      minExcluded = check.inclusive === false;
    }
    if (check.check === 'less_than') {
      max = check.value as number;
      maxExcluded = check.inclusive === false;
    }
  }
  if (integer) {
    const low = BigInt(Math.max(Math.ceil(min + (minExcluded ? 1 : 0)), Number.MIN_SAFE_INTEGER));
    const high = BigInt(Math.min(Math.floor(max - (maxExcluded ? 1 : 0)), Number.MAX_SAFE_INTEGER));
    // Bias towards the boundaries, where encoders switch representations (fixint, uint8 … uint64).
    return fc.oneof(fc.bigInt({ min: low, max: high }).map(Number), fc.constantFrom(Number(low), Number(high)));
  }
  // -0 is encoded as the integer 0 by msgpack encoders: it is not a distinct protocol value.
  return fc
    .double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true })
    .map((value) => (Object.is(value, -0) ? 0 : value))
    .filter((value) => schema.safeParse(value).success);
}
