// Loading what the package ships under rules/: rule packs (validated), reference tables and the base-model catalog.
// Used alike by the CLI, the server and the library API (src/index.ts). Built-in data is read once per process.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildReference, ReferenceTables } from '../core/estimate/reference';
import { InputError, InputErrorItem } from '../core/validate/errors';
import { parseDocument, readText } from './document';
import { validateRules, RuleSource } from '../core/rules/validate';
import type { Rule } from '../core/types';
import type { BaseModelCatalog } from '../generated/base-models';
import { packageRoot } from './package';

function jsonFiles(dir: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (p !== skip) walk(p);
      } else if (e.name.endsWith('.json')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Loads and validates every rule under `dir` (except reference/); the path under `dir` is the id. */
export function loadRulesFrom(dir: string): Rule[] {
  const sources: RuleSource[] = [];
  const errors = [];
  for (const file of jsonFiles(dir, join(dir, 'reference'))) {
    const origin = relative(process.cwd(), file) || file;
    const expectedId = relative(dir, file)
      .split(sep)
      .join('/')
      .replace(/\.json$/, '');
    try {
      sources.push({ origin, expectedId, doc: JSON.parse(readFileSync(file, 'utf8')) });
    } catch (e) {
      errors.push({ path: origin, message: `not valid JSON: ${(e as Error).message}` });
    }
  }
  const res = validateRules(sources);
  if (!res.ok || errors.length > 0) throw new InputError([...errors, ...(res.ok ? [] : res.errors)], 'rules');
  return res.rules;
}

/**
 * Rules of the user's own (`--rule-file`, `--rules-dir`), in the built-in format, validated together with `builtin`
 * (so they may refer to built-in rules, and may not reuse their ids) with the same schema and load-time checks. A file
 * in a directory has the id its path says (as under rules/); a single file, the id it states. Errors name the file.
 */
export function loadUserRules(
  builtinRules: readonly Rule[],
  o: { files?: readonly string[]; dirs?: readonly string[] },
): Rule[] {
  const sources: RuleSource[] = [];
  const errors: InputErrorItem[] = [];
  const read = (file: string, origin: string, expectedId?: string) => {
    try {
      sources.push({
        origin,
        ...(expectedId !== undefined ? { expectedId } : {}),
        doc: parseDocument(readText(file), origin),
      });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const x of e.errors)
        errors.push({ path: x.path === '' ? origin : `${origin}: ${x.path}`, message: x.message });
    }
  };
  for (const file of o.files ?? []) read(file, file);
  for (const dir of o.dirs ?? []) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      errors.push({ path: dir, message: existsSync(dir) ? 'is not a directory' : 'no such directory' });
      continue;
    }
    const files = jsonFiles(dir, join(dir, 'reference'));
    if (files.length === 0) errors.push({ path: dir, message: 'holds no rule files (*.json, one folder per pack)' });
    for (const file of files) {
      const expectedId = relative(dir, file)
        .split(sep)
        .join('/')
        .replace(/\.json$/, '');
      read(file, join(dir, relative(dir, file)), expectedId);
    }
  }
  if (errors.length > 0) throw new InputError(errors, 'rules');
  const res = validateRules([...builtinRules.map((r) => ({ origin: r.id, doc: r })), ...sources]);
  if (!res.ok) throw new InputError(res.errors, 'rules');
  return res.rules.filter((r) => !builtinRules.includes(r));
}

let builtin: Rule[] | undefined;
export function loadBuiltinRules(): Rule[] {
  return (builtin ??= loadRulesFrom(join(packageRoot(), 'rules')));
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

let reference: ReferenceTables | undefined;
export function loadReference(dir = join(packageRoot(), 'rules', 'reference')): ReferenceTables {
  if (reference && dir === join(packageRoot(), 'rules', 'reference')) return reference;
  const r = buildReference({
    accelerators: readJson(join(dir, 'accelerators.json')) as never,
    gpuPrices: readJson(join(dir, 'gpu-prices.json')) as never,
    cpi: readJson(join(dir, 'cpi.json')) as never,
  });
  if (dir === join(packageRoot(), 'rules', 'reference')) reference = r;
  return r;
}

let catalog: BaseModelCatalog | undefined;
/** The base models offered by the form and recognised in model cards (rules/reference/base-models.json). */
export function loadCatalog(): BaseModelCatalog {
  return (catalog ??= JSON.parse(
    readFileSync(join(packageRoot(), 'rules', 'reference', 'base-models.json'), 'utf8'),
  ) as BaseModelCatalog);
}
