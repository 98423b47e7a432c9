// The shape of src/: no import cycles, and no edge that points up a layer. Read from the source
// itself, so a change that tangles the layers fails here before a reader has to notice.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** module (relative to src/, without .ts) → the modules it imports, statically or on use */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(SRC, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(SRC, file), 'utf8');
    const deps = [...text.matchAll(/(?:import|export)[^'"]*?from '(\.[^']+)'|import\('(\.[^']+)'\)/g)].map((m) =>
      relative(SRC, resolve(dirname(join(SRC, file)), (m[1] ?? m[2]) as string)).replace(/\.js$/, ''),
    );
    graph.set(file.replace(/\.ts$/, ''), deps);
  }
  return graph;
}

/**
 * The floor: modules that import nothing of src/ but each other. A folder of such modules joins
 * with its pattern (`text/.+`); a module of a higher folder never sits here.
 */
const LEAF = [
  'answers',
  'arch',
  'errors',
  'io',
  'package-manager',
  'paths',
  'project-model',
  'prompter',
  'schema',
  'text/.+',
  'tool-pins.json',
];

/**
 * The layers, lowest first: each may import itself and the layers it lists. A layer is root modules
 * by name or a whole folder, never part of one.
 */
const LAYERS: Array<{ layer: string; modules: RegExp; imports: string[] }> = [
  { layer: 'leaf', modules: new RegExp(`^(${LEAF.join('|')})$`), imports: [] },
  // the resource kinds: one module each, and the list the tables are derived from
  { layer: 'kinds', modules: /^kinds\//, imports: ['leaf'] },
  // what a stack costs idle and per call: the price table and the benchmark's figures
  { layer: 'costs', modules: /^costs\//, imports: ['leaf'] },
  { layer: 'names', modules: /^names$/, imports: ['leaf', 'kinds'] },
  { layer: 'template', modules: /^template\//, imports: ['leaf', 'kinds', 'costs', 'names'] },
  // the option table and the one argv parser
  { layer: 'options', modules: /^(options|args)$/, imports: ['leaf', 'names', 'template'] },
  // writing, updating and reading folders safely: every command's disk code
  { layer: 'disk', modules: /^disk\//, imports: ['leaf', 'template'] },
  // the project model on disk, rendered, and updated by a three-way merge
  { layer: 'project', modules: /^project\//, imports: ['leaf', 'names', 'template', 'options', 'disk'] },
  // create's steps: resolve the answers, check the target, git
  { layer: 'steps', modules: /^steps\//, imports: ['leaf', 'names', 'template', 'options', 'disk'] },
  // what the user reads: help, the summary of a run, the error line
  { layer: 'format', modules: /^format\//, imports: ['leaf', 'template', 'options', 'steps'] },
  { layer: 'commands', modules: /^commands\//, imports: ['leaf', 'names', 'template', 'options', 'disk', 'project', 'steps', 'format'] },
  { layer: 'index', modules: /^index$/, imports: ['leaf', 'options', 'format', 'commands'] },
];
const layerOf = (module: string) => LAYERS.find(({ modules }) => modules.test(module));

describe('src/ import graph', () => {
  const graph = importGraph();
  it('has every module in a layer', () => {
    for (const module of graph.keys()) expect(layerOf(module)?.layer, module).toBeDefined();
  });
  it('keeps each folder in one layer', () => {
    const folders = new Map<string, string | undefined>();
    for (const module of graph.keys()) {
      const folder = dirname(module);
      if (folder === '.') continue;
      const layer = layerOf(module)?.layer;
      expect(folders.get(folder) ?? layer, `${module} is in layer ${layer}, its folder in ${folders.get(folder)}`).toBe(layer);
      folders.set(folder, layer);
    }
  });
  it('has no cycles', () => {
    const done = new Set<string>();
    const path: string[] = [];
    const visit = (module: string) => {
      expect(path.includes(module), `cycle: ${[...path.slice(path.indexOf(module)), module].join(' → ')}`).toBe(false);
      if (done.has(module)) return;
      path.push(module);
      for (const dep of graph.get(module) ?? []) visit(dep);
      path.pop();
      done.add(module);
    };
    for (const module of graph.keys()) visit(module);
  });
  it('points no edge up a layer', () => {
    for (const [module, deps] of graph) {
      const own = layerOf(module);
      const allowed = own ? [own.layer, ...own.imports] : [];
      for (const dep of deps) expect(allowed, `${module} imports ${dep}`).toContain(layerOf(dep)?.layer);
    }
  });
});
