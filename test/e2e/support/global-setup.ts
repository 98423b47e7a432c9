// vitest globalSetup for the e2e project: starts every run with an empty verification matrix
// and prints the whole table, and the plan, once all e2e test files are done.
import { GLOBAL_MATRIX_ENV, printMatrix, resetMatrix } from './matrix.js';

export function setup(): void {
  resetMatrix();
  process.env[GLOBAL_MATRIX_ENV] = '1';
}

export function teardown(): void {
  printMatrix();
}
