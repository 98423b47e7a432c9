// The built-in function templates and IaC flavors, read from templates/ (data, not code):
// adding a template or a flavor is adding a folder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { templatesRoot } from '../paths.js';
import { type FlavorManifest, type FunctionManifest, parseFlavorManifest, parseFunctionManifest, readJson } from './manifest.js';

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

export function builtinCatalog(root = templatesRoot): Catalog {
  if (cached && root === templatesRoot) return cached;
  const flavors = subdirs(join(root, 'iac')).map((dir) => {
    const file = join(root, 'iac', dir, 'flavor.json');
    return parseFlavorManifest(readJson(file), file);
  });
  const flavorIds = flavors.map((f) => f.id);
  const templates = subdirs(join(root, 'functions')).map((dir) => {
    const file = join(root, 'functions', dir, 'template.json');
    return parseFunctionManifest(readJson(file), flavorIds, file);
  });
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
