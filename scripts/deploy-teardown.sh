#!/usr/bin/env bash
# The opt-in deploy job's last step, whatever happened before it: deletes what the deploy rows may
# have left in the AWS account when a run stopped between a deploy and its tear-down. Everything a
# deploy row makes is named after its project, and those names start with `crl-`:
#   - CloudFormation stacks (SAM, CDK) named crl-*;
#   - Terraform stacks whose state is still on this runner (the e2e projects' infra/ folders);
#   - Lambda functions named crl-* (what `none` deploys with cargo lambda deploy).
# Needs the AWS CLI and credentials; prints what it deletes, and fails when something stays.
set -uo pipefail
cache="${CRL_CACHE_DIR:-$HOME/.cache/create-rust-lambda}"
failed=0

mapfile -t stacks < <(aws cloudformation list-stacks --output text \
  --query "StackSummaries[?StackStatus!='DELETE_COMPLETE' && starts_with(StackName, 'crl-')].StackName")
for stack in ${stacks[@]+"${stacks[@]}"}; do
  [[ -n "$stack" ]] || continue
  echo "deleting stack $stack"
  aws cloudformation delete-stack --stack-name "$stack" && aws cloudformation wait stack-delete-complete --stack-name "$stack" || failed=1
done

while IFS= read -r state; do
  infra="$(dirname "$state")"
  echo "terraform destroy in $infra"
  TF_CLI_CONFIG_FILE="$cache/terraform/terraformrc" terraform -chdir="$infra" destroy -auto-approve -input=false \
    -var "cargo_target_dir=$cache/target" || failed=1
done < <(find "$cache/e2e-projects" -path '*/infra/terraform.tfstate' 2>/dev/null)

mapfile -t functions < <(aws lambda list-functions --output text --query "Functions[?starts_with(FunctionName, 'crl-')].FunctionName" | tr '\t' '\n')
for fn in ${functions[@]+"${functions[@]}"}; do
  [[ -n "$fn" ]] || continue
  echo "deleting function $fn"
  aws lambda delete-function --function-name "$fn" || failed=1
done

exit "$failed"
