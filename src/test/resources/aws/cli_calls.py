"""Checks AWS CLI calls against botocore's service models (the models the AWS CLI itself is built from).

Reads a log a stand-in `aws` wrote: each argument ends with the unit separator (0x1f) and each call with the record
separator (0x1e), so an argument may hold a newline. Prints one problem per line: a log without calls, an unknown
service, operation or parameter, a value missing or extra for its option, a parameter value of the wrong shape or a
missing required one (botocore's own ParamValidator), or a --query path that the operation's output does not have.
Prints nothing when every call is one the real CLI would send. Usage: cli_calls.py LOG
"""
import re
import sys

import botocore.session
from botocore import xform_name
from botocore.validate import ParamValidator

# Options of the CLI itself, not of the operation.
GLOBAL = {"region", "profile", "output", "endpoint-url", "no-paginate", "no-cli-pager"}
SEGMENT = re.compile(r"^([A-Za-z][A-Za-z0-9]*)((?:\[\d+\])?)$")


def value_of(option, shape, values):
    """The parameter's value as botocore takes it; raises ValueError for a value the CLI would refuse."""
    if shape.type_name == "list":
        if not values:
            raise ValueError(f"--{option} needs at least one value")
        return [value_of(option, shape.member, [v]) for v in values]
    if shape.type_name == "boolean":
        if values:
            raise ValueError(f"--{option} is a flag and takes no value, got {values}")
        return True
    if len(values) != 1:
        raise ValueError(f"--{option} takes one value, got {values}")
    if shape.type_name in ("integer", "long"):
        return int(values[0])
    if shape.type_name == "structure":
        raise ValueError(f"--{option} is a structure: not checked here, pass it as JSON in a test that reads it")
    return values[0]


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
        negated = name.startswith("no-") and name[3:] in members
        if name == "query":
            if len(values) != 1:
                problems.append(f"{call}: --query takes one value, got {values}")
                continue
            query = values[0]
        elif name not in GLOBAL:
            member = members.get(name[3:] if negated else name)
            if member is None:
                problems.append(f"{call}: {operation.name} has no parameter --{name}")
            elif negated and shape.members[member].type_name != "boolean":
                problems.append(f"{call}: --{name}: {member} is not a flag")
            elif negated:
                if values:
                    problems.append(f"{call}: --{name} is a flag and takes no value, got {values}")
                params[member] = False
            else:
                try:
                    params[member] = value_of(name, shape.members[member], values)
                except ValueError as error:
                    problems.append(f"{call}: {error}")
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
        records = calls.read().split("\x1e")
    if records[-1].strip():
        problems.append(f"a call is not terminated (no record separator): {records[-1]!r}")
    checked = 0
    for record in records[:-1]:
        args = record.split("\x1f")
        if args[-1] != "":
            problems.append(f"a call's last argument is not terminated: {record!r}")
            continue
        args = args[:-1]
        if args[:1] in (["configure"], ["--version"]):
            continue
        if len(args) < 2:
            problems.append(f"aws {' '.join(args)}: a service and an operation are needed")
            continue
        checked += 1
        problems.extend(call_problems(session, args))
    if checked == 0:
        problems.append("no AWS CLI call to check: the stand-in logged none")
    print("\n".join(problems))


if __name__ == "__main__":
    main(sys.argv[1])
