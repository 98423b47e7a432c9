// The tools that turn generated IaC into data the wiring readers take, each run once for many
// projects: SAM's own transform (the SAM CLI's samtranslator) for template.yaml, python-hcl2 for
// Terraform. Both are installed by scripts/install-toolchains.sh; `missing` says which is not.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTool } from '../toolchain.js';
import type { CfnTemplate } from './cloudformation.js';
import type { HclDocument } from './terraform.js';

const TRANSLATE = join(dirname(fileURLToPath(import.meta.url)), 'sam-translate.py');

/** The Python the SAM CLI runs on (its entry point's `#!`), which has samtranslator. */
function samPython(): string | null {
  const sam = findTool('sam');
  if (!sam.path) return null;
  return /^#!(\S+)/.exec(readFileSync(sam.path, 'utf8').slice(0, 512))?.[1] ?? null;
}

/** Why the tools are not there ('' when they are). */
export function missingTools(): string {
  return [
    !samPython() && 'sam (the SAM CLI, whose Python has samtranslator) is not on PATH',
    !findTool('hcl2tojson').path && 'hcl2tojson (PyPI python-hcl2) is not on PATH',
  ]
    .filter(Boolean)
    .join('; ');
}

function inTemporaryDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'crl-trigger-wiring-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each SAM template (its text) as SAM deploys it: CloudFormation with the `Events` expanded. */
export function samExpanded(templates: string[]): CfnTemplate[] {
  return inTemporaryDir((dir) => {
    const paths = templates.map((text, i) => {
      const path = join(dir, `${i}.yaml`);
      writeFileSync(path, text);
      return path;
    });
    const out = spawnSync(samPython() as string, [TRANSLATE, ...paths], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (out.status !== 0) throw new Error(`SAM's transform failed: ${out.stderr}`);
    const expanded = JSON.parse(out.stdout) as Record<string, CfnTemplate>;
    return paths.map((p) => expanded[p] as CfnTemplate);
  });
}

/** Each module (its files by name) as python-hcl2 reads it: one document per file. */
export function hclDocuments(modules: Array<Record<string, string>>): HclDocument[][] {
  return inTemporaryDir((dir) => {
    modules.forEach((files, i) => {
      mkdirSync(join(dir, 'in', String(i)), { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'in', String(i), name), text);
    });
    const out = spawnSync(findTool('hcl2tojson').path as string, ['--strip-string-quotes', '-q', '-o', join(dir, 'out'), join(dir, 'in')], {
      encoding: 'utf8',
    });
    if (out.status !== 0) throw new Error(`hcl2tojson failed: ${out.stderr}`);
    return modules.map((_, i) => {
      const at = join(dir, 'out', String(i));
      return readdirSync(at).map((f) => JSON.parse(readFileSync(join(at, f), 'utf8')) as HclDocument);
    });
  });
}
