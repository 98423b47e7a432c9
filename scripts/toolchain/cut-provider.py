#!/usr/bin/env python3
"""Cut a copy of terraform-provider-aws's source to the service packages the templates use.

    cut-provider.py <module copy> <service package> [<service package> …]

The provider registers every service package in one generated list
(internal/provider/sdkv2/service_packages_gen.go) and gives its clients one method per AWS SDK
service (internal/conns/awsclient_gen.go): together they compile hundreds of packages that
`terraform validate` of our modules never asks for. This rewrites both lists in the copy:
the registered service packages become the ones named, and the client methods the ones that the
code still compiled calls (the named packages, the service packages they import, and the
provider's own code outside internal/service). A kept client is built by its service package
at run time (`terraform apply` of an S3 bucket asks for the S3 Control client to read its tags),
so the service package of every kept client is registered too, and the cut repeats until that
set is closed. Every resource of a named package keeps the provider's own schema and
validation; scripts/toolchain/terraform-provider.sh builds the copy.
"""

import re
import sys
from pathlib import Path

MODULE = "github.com/hashicorp/terraform-provider-aws"
SERVICE_IMPORT = re.compile(r'"' + re.escape(MODULE) + r'/internal/service/(\w+)"')
CLIENT_CALL = re.compile(r"\.(\w+)Client\(")
METHOD = re.compile(
    r"^func \(c \*AWSClient\) (\w+)Client\(ctx context\.Context\) \*(\w+)\.Client \{\n.*?^\}\n\n?",
    re.M | re.S,
)
# the service package that builds a client: `client[...](ctx, c, names.S3Control, ...)`
CLIENT_PACKAGE = re.compile(r"client\[[^\]]+\]\(ctx, c, names\.(\w+),")
NAME_CONST = re.compile(r'^\s*(\w+)\s*=\s*"([\w-]+)"', re.M)
# code that is never part of the provider binary
NOT_BUILT = ("generate", "acctest", "sweep")


def go_files(folder: Path):
    return [f for f in folder.glob("*.go") if not f.name.endswith("_test.go")]


def service_closure(root: Path, named: list[str]) -> set[str]:
    """The named service packages and every service package they import, transitively."""
    seen, queue = set(), list(named)
    while queue:
        pkg = queue.pop()
        if pkg in seen:
            continue
        folder = root / "internal" / "service" / pkg
        if not folder.is_dir():
            sys.exit(f"cut-provider: no service package {pkg}")
        seen.add(pkg)
        for f in go_files(folder):
            queue.extend(SERVICE_IMPORT.findall(f.read_text()))
    return seen


def compiled_files(root: Path, services: set[str]):
    """The Go files still compiled: the kept service packages and everything outside internal/service."""
    for f in root.rglob("*.go"):
        rel = f.relative_to(root).parts
        if f.name.endswith("_test.go") or rel[0] not in ("internal", "names", "main.go", "version"):
            continue
        if rel[0] == "internal" and len(rel) > 1 and rel[1] in NOT_BUILT:
            continue
        if rel[:2] == ("internal", "service") and rel[2] not in services:
            continue
        yield f


def cut_service_list(root: Path, named: list[str]) -> None:
    path = root / "internal/provider/sdkv2/service_packages_gen.go"
    text = path.read_text()
    if "func servicePackages(ctx context.Context) []conns.ServicePackage" not in text:
        sys.exit(f"cut-provider: {path} no longer declares servicePackages(ctx); the cut needs updating")
    imports = "".join(f'\t"{MODULE}/internal/service/{p}"\n' for p in named)
    entries = "".join(f"\t\t{p}.ServicePackage(ctx),\n" for p in named)
    path.write_text(
        "// Cut by scripts/toolchain/cut-provider.py to the service packages the templates use.\n\n"
        f'package sdkv2\n\nimport (\n\t"context"\n\t"slices"\n\n\t"{MODULE}/internal/conns"\n{imports})\n\n'
        f"func servicePackages(ctx context.Context) []conns.ServicePackage {{\n\tv := []conns.ServicePackage{{\n{entries}\t}}\n\n"
        "\treturn slices.Clone(v)\n}\n"
    )


def client_methods(root: Path):
    path = root / "internal/conns/awsclient_gen.go"
    methods = list(METHOD.finditer(path.read_text()))
    if not methods:
        sys.exit(f"cut-provider: no client methods found in {path}; the cut needs updating")
    return methods


def kept_methods(root: Path, services: set[str]):
    """The client methods the compiled code calls."""
    path = root / "internal/conns/awsclient_gen.go"
    called = set()
    for f in compiled_files(root, services):
        if f != path:
            called.update(CLIENT_CALL.findall(f.read_text()))
    return [m for m in client_methods(root) if m.group(1) in called]


def client_packages(root: Path, methods) -> set[str]:
    """The service packages that build the clients of `methods` (names/consts_gen.go maps the constants)."""
    consts = dict(NAME_CONST.findall((root / "names/consts_gen.go").read_text()))
    packages = set()
    for m in methods:
        found = CLIENT_PACKAGE.search(m.group(0))
        if not found or found.group(1) not in consts:
            sys.exit(f"cut-provider: no service package for the client method {m.group(1)}Client; the cut needs updating")
        packages.add(consts[found.group(1)])
    return packages


def registered_packages(root: Path, named: list[str]) -> tuple[list[str], set[str]]:
    """The named packages plus those that build a client the compiled code calls, closed under both rules."""
    registered = set(named)
    while True:
        services = service_closure(root, sorted(registered))
        more = client_packages(root, kept_methods(root, services)) - registered
        if not more:
            return sorted(registered), services
        registered |= more


def cut_client_methods(root: Path, services: set[str]) -> tuple[int, int]:
    path = root / "internal/conns/awsclient_gen.go"
    text = path.read_text()
    methods = client_methods(root)
    kept = kept_methods(root, services)
    sdk_packages = {m.group(2) for m in kept}
    head, body_start = text[: methods[0].start()], methods[0].start()
    del body_start

    def keep_import(line: str) -> bool:
        m = re.match(r'\s*(?:(\w+) )?"github\.com/aws/aws-sdk-go-v2/service/([\w/]+)"', line)
        return m is None or (m.group(1) or m.group(2).split("/")[-1]) in sdk_packages

    head = "\n".join(line for line in head.split("\n") if keep_import(line))
    path.write_text(head + "".join(m.group(0) for m in kept))
    return len(kept), len(methods)


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root, named = Path(sys.argv[1]), sorted(set(sys.argv[2:]))
    registered, services = registered_packages(root, named)
    cut_service_list(root, registered)
    kept, total = cut_client_methods(root, services)
    added = sorted(set(registered) - set(named))
    print(
        f"registered {len(registered)} service packages ({len(services)} compiled; for the clients they call: "
        f"{', '.join(added) or 'none'}); kept {kept} of {total} client methods"
    )


if __name__ == "__main__":
    main()
