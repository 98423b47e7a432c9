"""Expands SAM templates into the CloudFormation SAM deploys (its transform, run here, offline).

Usage: python sam-translate.py TEMPLATE...  (the Python of the SAM CLI, which ships samtranslator).
Prints one JSON object: each template's path and its expanded template. The code locations are
replaced by an S3 URI (the transform wants one; `sam build` and `sam deploy` put it there).
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The generated templates name no managed policy by its short name: nothing to look up."""

    def load(self):
        return {}


def expand(path):
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in (template.get("Resources") or {}).values():
        props = resource.get("Properties") or {}
        for key in ("CodeUri", "ContentUri"):
            if isinstance(props.get(key), str):
                props[key] = "s3://bucket/" + props[key]
    return transform(template, {}, NoManagedPolicies())


os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
print(json.dumps({path: expand(path) for path in sys.argv[1:]}))
