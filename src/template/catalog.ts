// The built-in function templates and IaC flavors, read from templates/ (data, not code):
// adding a template or a flavor is adding a folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesRoot } from '../paths.js';
import { type FlavorManifest, type FunctionManifest, parseFlavorManifest, parseFunctionManifest, readJson } from './manifest.js';
import { validatedManifest } from './precompiled.js';

export interface Catalog {
  templates: FunctionManifest[];
  flavors: FlavorManifest[];
}

/** Display order; anything not listed comes after, alphabetically. */
const TEMPLATE_ORDER = ['http', 'dynamodb', 'sqs', 'extension'];
const FLAVOR_ORDER = ['sam', 'cdk', 'terraform', 'none'];

function ordered<T extends { id: string }>(items: T[], order: string[]): T[] {
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return items.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

function subdirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

let cached: Catalog | undefined;

/** The manifest files of the built-in flavors and templates, each with the parser of its kind. */
export function manifestFiles(root = templatesRoot) {
  return {
    flavors: subdirs(join(root, 'iac')).map((dir) => join(root, 'iac', dir, 'flavor.json')),
    templates: subdirs(join(root, 'functions')).map((dir) => join(root, 'functions', dir, 'template.json')),
  };
}

/** A built-in manifest: the build's validated copy when the text is unchanged, else validated now. */
function readManifest<T>(file: string, parse: (raw: unknown) => T): T {
  const text = readFileSync(file, 'utf8');
  return (validatedManifest(text) as T | undefined) ?? parse(readJson(file));
}

export function builtinCatalog(root = templatesRoot): Catalog {
  if (cached && root === templatesRoot) return cached;
  const files = manifestFiles(root);
  const flavors = files.flavors.map((file) => readManifest(file, (raw) => parseFlavorManifest(raw, file)));
  const flavorIds = flavors.map((f) => f.id);
  const templates = files.templates.map((file) => readManifest(file, (raw) => parseFunctionManifest(raw, flavorIds, file)));
  const catalog = { templates: ordered(templates, TEMPLATE_ORDER), flavors: ordered(flavors, FLAVOR_ORDER) };
  if (root === templatesRoot) cached = catalog;
  return catalog;
}

export function templateDir(id: string, root = templatesRoot): string {
  return join(root, 'functions', id);
}

export function flavorDir(id: string, root = templatesRoot): string {
  return join(root, 'iac', id);
}

export function baseDir(root = templatesRoot): string {
  return join(root, 'base');
}
