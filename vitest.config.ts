import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The e2e matrix is most of the run's time: it starts first, the other files run beside it. */
const isMatrix = (f: TestSpecification) => f.project.name === 'e2e' && f.moduleId.endsWith('matrix.test.ts');
class MatrixFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(isMatrix), ...sorted.filter((f) => !isMatrix(f))];
  }
}

export default defineConfig({
  test: {
    // two files at a time whatever the core count (vitest's default leaves one core idle on two):
    // the e2e matrix on one, the unit, CLI and hostile files one after another on the other
    maxWorkers: 2,
    sequence: { sequencer: MatrixFirst },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // hostile input against the built bin: every case asserts exit code, message and no debris
        test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/support/global-setup.ts'],
          // real toolchains sharing cargo target folders: one file at a time. Inside the matrix
          // file, lanes run side by side (support/lanes.ts): all their tests start at once.
          fileParallelism: false,
          maxConcurrency: 1000,
          testTimeout: 30 * 60_000,
          hookTimeout: 30 * 60_000,
        },
      },
    ],
  },
});
