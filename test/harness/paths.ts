// Where things are: the checkout, the built CLI and the cache every e2e and bench run shares.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'create-rust-lambda.js');

/** Toolchains, cargo target folders, generated projects (scripts/install-toolchains.sh fills it). */
export const CACHE_DIR = process.env.CRL_CACHE_DIR ?? join(homedir(), '.cache', 'create-rust-lambda');
/** Entry points of the PyPI tools (cargo-lambda, zig, sam, cfn-lint, checkov), one venv each. */
export const BIN_DIR = join(CACHE_DIR, 'bin');
