// The one table of Lambda architectures: the option's choices, --help, --list, the template view,
// the manifest schema and the test harness all read it, so adding or renaming one is one row.
export const ARCHITECTURES = {
  arm64: {
    hint: 'Graviton, about 20% cheaper per GB-second',
    rustTarget: 'aarch64-unknown-linux-gnu',
    cargoLambdaFlag: '--arm64',
    /** aws-cdk-lib's lambda.Architecture member */
    cdk: 'ARM_64',
  },
  x86_64: {
    hint: 'Intel and AMD',
    rustTarget: 'x86_64-unknown-linux-gnu',
    cargoLambdaFlag: '--x86-64',
    cdk: 'X86_64',
  },
} as const;

export type Arch = keyof typeof ARCHITECTURES;

/** The ids in display order; the first is the default. */
export const ARCH_IDS = Object.keys(ARCHITECTURES) as [Arch, ...Arch[]];
