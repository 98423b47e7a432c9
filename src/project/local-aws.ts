// The commands that deploy a project to a local AWS emulator (the README's "Run it on a local
// AWS"): the flavor's own deploy steps — the ones the Deploy section and the CLI's next steps
// print — made to run without questions, after what only a local AWS needs (the README says why).
// The environment points them at the emulator. A rule that no longer finds its step is an
// error, so the two lists cannot drift apart.

/** The file Terraform merges into infra/'s provider block for a local AWS (Git ignores `*_override.tf`). */
export const TERRAFORM_LOCAL_OVERRIDE = 'infra/local_aws_override.tf';

interface LocalAwsRules {
  /** commands before the deploy steps */
  before: string[];
  /** the steps that ask before they act, and what runs instead */
  unattended: { step: RegExp; to: string }[];
}

const RULES: Record<string, LocalAwsRules> = {
  sam: { before: [], unattended: [{ step: /^sam deploy --guided$/, to: 'sam deploy --no-confirm-changeset' }] },
  cdk: { before: [], unattended: [{ step: /^(.* cdk deploy)$/, to: '$1 --require-approval never' }] },
  terraform: {
    // without the account id the AWS provider reads a bucket's tags from S3 itself, not from S3
    // Control at `<account>.<endpoint>`, a host name only AWS resolves
    before: [
      `printf 'provider "aws" {\\n  skip_credentials_validation = true\\n  skip_requesting_account_id  = true\\n}\\n' > ${TERRAFORM_LOCAL_OVERRIDE}`,
    ],
    // the zips are read from Cargo's target folder, wherever CARGO_TARGET_DIR puts it (a shell expansion, not a template)
    unattended: [
      { step: /^(terraform -chdir=infra apply)$/, to: `$1 -auto-approve -var cargo_target_dir="\${CARGO_TARGET_DIR:-../target}"` },
    ],
  },
  none: { before: [], unattended: [] },
};

/** The commands that deploy a `flavor` project to a local AWS, from its deploy steps. Throws when a rule finds no step. */
export function localAwsSteps(flavor: string, steps: readonly string[]): string[] {
  const rules = RULES[flavor];
  if (!rules) throw new Error(`no local AWS deploy steps for the flavor ${flavor}`);
  const lines = steps.flatMap((s) => s.split('\n')).filter((s) => s.trim() !== '');
  for (const rule of rules.unattended) {
    if (!lines.some((line) => rule.step.test(line))) throw new Error(`${flavor}: no deploy step matches ${rule.step}`);
  }
  const placeholder = lines.find((line) => /<[a-z][\w -]*>/.test(line));
  if (placeholder) throw new Error(`${flavor}: a deploy step with a placeholder cannot run on a local AWS as written: ${placeholder}`);
  return [...rules.before, ...lines.map((line) => rules.unattended.reduce((text, rule) => text.replace(rule.step, rule.to), line))];
}
