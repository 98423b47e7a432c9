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

/** Each layer may import only the layers listed for it (and itself). */
const LAYERS: Array<[string, RegExp, string[]]> = [
  ['leaf modules', /^(answers|arch|errors|io|paths|prompter|package-manager|format\/(printable|shell)|project\/model)$/, ['leaf']],
  ['template/', /^template\//, ['leaf', 'template', 'names']],
  ['names', /^names$/, ['leaf']],
  ['options and args', /^(options|args|project\/project-file)$/, ['leaf', 'names', 'template', 'options']],
  ['steps/', /^steps\//, ['leaf', 'names', 'template', 'options', 'steps']],
  ['format/', /^format\//, ['leaf', 'options', 'template', 'steps-types', 'format']],
  ['project/', /^project\//, ['leaf', 'names', 'template', 'options', 'steps', 'format', 'project']],
  ['commands/', /^commands\//, ['leaf', 'names', 'template', 'options', 'steps', 'format', 'project', 'commands']],
  ['index', /^index$/, ['leaf', 'names', 'template', 'options', 'steps', 'format', 'project', 'commands']],
];
const layerOf = (module: string) => {
  const found = LAYERS.find(([, re]) => re.test(module));
  if (!found) return undefined;
  const [name] = found;
  return {
    'leaf modules': 'leaf',
    'template/': 'template',
    names: 'names',
    'options and args': 'options',
    'steps/': 'steps',
    'format/': 'format',
    'project/': 'project',
    'commands/': 'commands',
    index: 'index',
  }[name];
};

describe('src/ import graph', () => {
  const graph = importGraph();
  it('has every module in a layer', () => {
    for (const module of graph.keys()) expect(layerOf(module), module).toBeDefined();
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
      const allowed = LAYERS.find(([, re]) => re.test(module))?.[2] ?? [];
      for (const dep of deps) {
        // format/ reads a step's result type, never its code
        const layer = dep.startsWith('steps/') && module.startsWith('format/') ? 'steps-types' : layerOf(dep);
        expect(allowed, `${module} imports ${dep}`).toContain(layer);
      }
    }
  });
});
