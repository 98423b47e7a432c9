// The built-in function templates and IaC flavors, read from templates/ (data, not code):
// adding a template or a flavor is adding a folder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { templatesRoot } from '../paths.js';
import { type FlavorManifest, type FunctionManifest, parseFlavorManifest, parseFunctionManifest, parseJson, readText } from './manifest.js';
import { validatedManifest } from './precompiled.js';

export interface Catalog {
  templates: FunctionManifest[];
  flavors: FlavorManifest[];
}

/** Display order (within its group: src/template/groups.ts); anything not listed comes after, alphabetically. */
const TEMPLATE_ORDER = [
  'http',
  'dynamodb',
  'rest',
  'alb',
  'websocket',
  'stream',
  'sqs',
  'sns',
  's3',
  'schedule',
  'dynamodb-stream',
  'kinesis',
  'event',
  'extension',
];
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

export interface ReadManifest<T> {
  text: string;
  manifest: T;
}

/**
 * Every built-in manifest with its text. With `trustBuild`, a manifest whose text the build has
 * validated is taken from the build; otherwise (and for a changed text) it is validated now.
 */
export function readBuiltinManifests(root = templatesRoot, trustBuild = true) {
  const read = <T>(file: string, parse: (raw: unknown) => T): ReadManifest<T> => {
    const text = readText(file);
    const built = trustBuild ? (validatedManifest(text) as T | undefined) : undefined;
    return { text, manifest: built ?? parse(parseJson(text, file)) };
  };
  const files = manifestFiles(root);
  const flavors = files.flavors.map((file) => read(file, (raw) => parseFlavorManifest(raw, file)));
  const flavorIds = flavors.map((f) => f.manifest.id);
  const templates = files.templates.map((file) => read(file, (raw) => parseFunctionManifest(raw, flavorIds, file)));
  return { flavors, templates };
}

export function builtinCatalog(root = templatesRoot): Catalog {
  if (cached && root === templatesRoot) return cached;
  const read = readBuiltinManifests(root);
  const catalog = {
    templates: ordered(
      read.templates.map((t) => t.manifest),
      TEMPLATE_ORDER,
    ),
    flavors: ordered(
      read.flavors.map((f) => f.manifest),
      FLAVOR_ORDER,
    ),
  };
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
