// The package manager that invoked us (npm_config_user_agent), for the commands we print.

export interface PackageManager {
  name: 'npm' | 'pnpm' | 'yarn' | 'bun';
  /** runs a package script: `npm run build` */
  run: string;
  /** runs a package binary: `npx cdk` */
  exec: string;
  /** the command that runs this CLI again, before its arguments */
  create: string;
  /** separator npm needs between its own flags and ours */
  argsSeparator: string;
}

const MANAGERS: Record<PackageManager['name'], Omit<PackageManager, 'name'>> = {
  npm: { run: 'npm run', exec: 'npx', create: 'npm create rust-lambda@latest', argsSeparator: ' --' },
  pnpm: { run: 'pnpm', exec: 'pnpm exec', create: 'pnpm create rust-lambda', argsSeparator: '' },
  yarn: { run: 'yarn', exec: 'yarn', create: 'yarn create rust-lambda', argsSeparator: '' },
  bun: { run: 'bun run', exec: 'bunx', create: 'bun create rust-lambda', argsSeparator: '' },
};

export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = (userAgent ?? '').split('/')[0] as PackageManager['name'];
  const key = name in MANAGERS ? name : 'npm';
  return { name: key, ...MANAGERS[key] };
}
