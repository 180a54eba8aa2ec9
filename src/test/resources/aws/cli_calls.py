"""Checks AWS CLI calls against botocore's service models (the models the AWS CLI itself is built from).

Reads a log a stand-in `aws` wrote, one call per line, its arguments separated by the unit separator (0x1f), and prints
one problem per line: an unknown service, operation or parameter, a parameter value of the wrong shape or a missing
required one (botocore's own ParamValidator), or a --query path that the operation's output does not have. Prints
nothing when every call is one the real CLI would send. Usage: cli_calls.py LOG
"""
import re
import sys

import botocore.session
from botocore import xform_name
from botocore.validate import ParamValidator

# Options of the CLI itself, not of the operation.
GLOBAL = {"region", "profile", "output", "endpoint-url", "no-paginate", "no-cli-pager"}
SEGMENT = re.compile(r"^([A-Za-z][A-Za-z0-9]*)((?:\[\d+\])?)$")


def value_of(shape, values):
    if shape.type_name == "list":
        return [value_of(shape.member, [v]) for v in values]
    if shape.type_name == "boolean":
        return True
    if shape.type_name in ("integer", "long"):
        return int(values[0])
    return values[0] if values else None


def query_problems(query, shape):
    """A --query must be a plain path (name, name[0], dotted) that the output shape has."""
    for segment in query.split("."):
        match = SEGMENT.match(segment)
        if not match:
            return [f"--query {query}: only plain paths are checked, got segment {segment!r}"]
        name, index = match.groups()
        if shape is None or shape.type_name != "structure" or name not in shape.members:
            return [f"--query {query}: the output has no {name!r} here"]
        shape = shape.members[name]
        if index:
            if shape.type_name != "list":
                return [f"--query {query}: {name!r} is not a list"]
            shape = shape.member
    return []


def call_problems(session, args):
    call = "aws " + " ".join(args)
    try:
        model = session.get_service_model(args[0])
    except Exception as error:  # botocore raises UnknownServiceError
        return [f"{call}: no service {args[0]!r} ({error})"]
    operations = {xform_name(name, "-"): name for name in model.operation_names}
    if args[1] not in operations:
        return [f"{call}: {args[0]} has no operation {args[1]!r}"]
    operation = model.operation_model(operations[args[1]])
    shape = operation.input_shape
    members = {xform_name(name, "-"): name for name in shape.members} if shape else {}
    params, problems, query, i = {}, [], None, 2
    while i < len(args):
        if not args[i].startswith("--"):
            return [f"{call}: expected an option, got {args[i]!r}"]
        name, values, i = args[i][2:], [], i + 1
        while i < len(args) and not args[i].startswith("--"):
            values.append(args[i])
            i += 1
        if name == "query":
            query = values[0]
        elif name not in GLOBAL:
            if name not in members:
                problems.append(f"{call}: {operation.name} has no parameter --{name}")
            else:
                params[members[name]] = value_of(shape.members[members[name]], values)
    if shape is not None:
        report = ParamValidator().validate(params, shape)
        if report.has_errors():
            problems.append(f"{call}: {report.generate_report()}")
    if query:
        problems.extend(f"{call}: {p}" for p in query_problems(query, operation.output_shape))
    return problems


def main(log):
    session = botocore.session.get_session()
    problems = []
    with open(log, encoding="utf-8") as calls:
        for line in calls:
            args = line.rstrip("\n").split("\x1f")[:-1]
            if len(args) >= 2 and args[0] != "configure":
                problems.extend(call_problems(session, args))
    print("\n".join(problems))


if __name__ == "__main__":
    main(sys.argv[1])
