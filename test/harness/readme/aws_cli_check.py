"""Checks AWS CLI v2 command lines against the AWS service models (botocore's, the same data the
AWS CLI is generated from): the service and operation exist, every option is a parameter of the
operation (or a global option), required parameters are given, and a blob parameter given as
text comes with `--cli-binary-format raw-in-base64-out` (v2 reads blobs as base64 otherwise; a
streaming blob, like `s3api put-object --body`, is a file path).

Input (stdin): a JSON list of argument lists, each without the leading `aws`.
Output (stdout): a JSON list with one list of problems per command.
"""
import json
import sys

try:  # the AWS CLI's own copy (awscli 1.46 and later vendor it)
    from awscli.botocore import session as botocore_session
    from awscli.botocore import xform_name
except ImportError:
    from botocore import session as botocore_session
    from botocore import xform_name

# Options every command takes (aws help: global options); True when they take a value.
GLOBAL = {
    "--region": True, "--output": True, "--query": True, "--endpoint-url": True, "--profile": True,
    "--cli-binary-format": True, "--color": True, "--ca-bundle": True, "--cli-read-timeout": True,
    "--cli-connect-timeout": True, "--no-cli-pager": False, "--debug": False, "--no-paginate": False,
    "--no-verify-ssl": False, "--no-sign-request": False, "--cli-auto-prompt": False,
}
# Commands the AWS CLI v2 adds by hand (customizations), with their options.
CUSTOM = {
    ("logs", "tail"): {"positional": 1, "options": {"--since": True, "--follow": False, "--format": True,
                                                    "--filter-pattern": True, "--log-stream-names": True,
                                                    "--log-stream-name-prefix": True}},
    ("dynamodb", "wait"): {"positional": 1, "options": {"--table-name": True}},
    ("kinesis", "wait"): {"positional": 1, "options": {"--stream-name": True}},
    ("lambda", "wait"): {"positional": 1, "options": {"--function-name": True, "--qualifier": True}},
    ("configure", "export-credentials"): {"positional": 0, "options": {"--format": True}},
    # aws s3 cp <from> <to>: a local file and an s3:// URL, either way round
    ("s3", "cp"): {"positional": 2, "options": {"--recursive": False, "--content-type": True, "--dryrun": False,
                                                "--quiet": False, "--only-show-errors": False}},
}
# CLI service names that differ from the model's.
SERVICE_ALIASES = {"s3api": "s3", "configservice": "config"}
# Parameters the AWS CLI renames ("sns.subscribe.endpoint" -> "notification-endpoint": `--endpoint`
# would clash with a global option); the CLI's own table, else the ones our READMEs use.
try:
    from awscli.customizations.argrename import ARGUMENT_RENAMES
except ImportError:
    ARGUMENT_RENAMES = {"sns.subscribe.endpoint": "notification-endpoint"}


def check(args, session):
    problems = []
    words = [a for a in args if not a.startswith("--")]
    if len(words) < 2:
        return [f"not a service and an operation: {' '.join(args)}"]
    service, op = args[0], args[1]
    custom = CUSTOM.get((service, op))
    if custom:
        options = dict(custom["options"])
        params, required, blobs, positional = {}, set(), set(), custom["positional"]
    else:
        try:
            model = session.get_service_model(SERVICE_ALIASES.get(service, service))
        except Exception:
            return [f"no AWS service `{service}`"]
        names = {xform_name(n, "-"): n for n in model.operation_names}
        if op not in names:
            return [f"no operation `{service} {op}`"]
        operation = model.operation_model(names[op])
        shape = operation.input_shape
        members = shape.members if shape else {}
        def option(member):
            name = xform_name(member, "-")
            return "--" + ARGUMENT_RENAMES.get(f"{service}.{op}.{name}", name)

        params = {option(m): s for m, s in members.items()}
        required = {option(m) for m in (shape.required_members if shape else [])}
        blobs = {k for k, s in params.items() if s.type_name == "blob" and not s.serialization.get("streaming")}
        options = {k: s.type_name != "boolean" for k, s in params.items()}
        for k, s in params.items():
            if s.type_name == "boolean":
                options["--no-" + k[2:]] = False
        # an operation whose output streams to a file takes that file as a positional argument
        positional = 1 if operation.has_streaming_output else 0
    given = {}
    rest = []
    i = 2
    while i < len(args):
        a = args[i]
        if a.startswith("--"):
            takes = options.get(a, GLOBAL.get(a))
            if takes is None:
                problems.append(f"`{a}` is not an option of `aws {service} {op}`")
                takes = True
            value = args[i + 1] if takes and i + 1 < len(args) else None
            given[a] = value
            i += 2 if takes else 1
            # list parameters take several values
            while takes and i < len(args) and not args[i].startswith("--") and a in params and params[a].type_name == "list":
                i += 1
        else:
            rest.append(a)
            i += 1
    if len(rest) != positional:
        problems.append(f"`aws {service} {op}` takes {positional} positional argument(s), got {rest}")
    for r in sorted(required):
        if r not in given:
            problems.append(f"`aws {service} {op}` needs `{r}`")
    for b in sorted(blobs):
        value = given.get(b)
        if value is not None and not value.startswith("fileb://") and given.get("--cli-binary-format") != "raw-in-base64-out":
            problems.append(f"`{b}` takes text here: AWS CLI v2 needs `--cli-binary-format raw-in-base64-out` (or fileb://)")
    return problems


def main():
    session = botocore_session.get_session()
    commands = json.load(sys.stdin)
    json.dump([check(c, session) for c in commands], sys.stdout)


if __name__ == "__main__":
    main()
