"""The layering rules, read from the source (no import, no database): views write only
through services, selectors never write, and the public side reaches the portal only through
its selectors and services. A new violation fails here with its file and line; an exception
is added below with its reason, or not at all."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Calls that write, whatever they are called on (a manager, a queryset, an instance, a form).
WRITES = {
    "save",
    "delete",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
}
# `.update()` is also a dict's: it counts as a write when called on a manager or a queryset.
QUERYSET_METHODS = {"objects", "filter", "exclude", "all", "select_for_update", "none"}
CACHE_WRITES = {"set", "set_many", "add", "delete", "delete_many", "incr", "decr", "touch", "clear"}

# Writes a selector may make, by (file, function, call), with the reason.
SELECTOR_WRITES_ALLOWED = {
    # Read-through: the figures computed on a miss are kept for the next reader. Filling a
    # cache changes nothing anyone reads, only how fast they read it.
    ("portal/selectors/impact.py", "impact", "cache.set"),
}

# What the public side may import from the portal besides its selectors and services.
CAMPAIGN_IMPORTS_ALLOWED = {
    # The public forms (offer, support request, tracking look-up) are the portal's: the
    # desk pages render and validate them and hand their cleaned data to the services.
    "portal.forms.public",
    # Signs and reads the e-mailed tracking link: a token, no data.
    "portal.tracking_links",
    # The signals that tell the public side what changed (its page cache, stories to redact).
    "portal.signals",
    # An enumeration, not a query: the device kinds' labels for the live figures.
    "portal.models.DeviceKind",
    # The portal's tasks (an enumeration) and the hook the public side fills with the
    # addresses of their help pages: the portal asks, it never imports the public side.
    "portal.help",
    # The one way Vietnamese text is folded for search, and its database functions: text,
    # no portal data (the site search folds its query and pages as the portal lists do).
    "portal.search",
}
CAMPAIGN_IMPORTS_ALLOWED_PREFIXES = ("portal.selectors", "portal.services")


def sources(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(), str(path))


def dotted(node: ast.AST) -> str:
    """`cache.set`, `Device.objects.filter().update`: the call's receiver chain, as text."""
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{dotted(node.func)}()"
    if isinstance(node, ast.Name):
        return node.id
    return "?"


def receiver_names(node: ast.AST) -> set[str]:
    """The attribute names along a call's receiver: objects, filter, select_for_update…"""
    names = set()
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            node = node.func
    return names


def writes(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(function, call, line) for every write call in a module's functions."""
    found = {}  # by line and call: a nested function's call is named after the innermost
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method, receiver = node.func.attr, node.func.value
            is_cache = isinstance(receiver, ast.Name) and receiver.id == "cache"
            if (
                (is_cache and method in CACHE_WRITES)
                or (not is_cache and method in WRITES)
                or (method == "update" and receiver_names(receiver) & QUERYSET_METHODS)
            ):
                call = f"{dotted(receiver).replace('()', '')}.{method}"
                found[node.lineno, call] = function.name
    return [(function, call, line) for (line, call), function in found.items()]


def test_views_write_only_through_services():
    found = [
        f"{path}:{line} {function}() calls {call}"
        for path, tree in sources("portal/views")
        for function, call, line in writes(tree)
    ]
    assert not found, "a view writes; call a service instead:\n" + "\n".join(found)


def test_selectors_do_not_write():
    found = [
        f"{path}:{line} {function}() calls {call}"
        for path, tree in sources("portal/selectors")
        for function, call, line in writes(tree)
        if (path, function, call) not in SELECTOR_WRITES_ALLOWED
    ]
    assert not found, "a selector writes; move it to a service:\n" + "\n".join(found)


def portal_imports(tree: ast.AST):
    """(name, line) for each portal module or name a module imports, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "portal":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "portal":
            for alias in node.names:
                yield f"{node.module}.{alias.name}", node.lineno


def allowed_in_campaign(name: str) -> bool:
    return any(
        name == allowed or name.startswith(f"{allowed}.")
        for allowed in (*CAMPAIGN_IMPORTS_ALLOWED_PREFIXES, *CAMPAIGN_IMPORTS_ALLOWED)
    )


def test_campaign_reaches_the_portal_through_selectors_and_services():
    found = [
        f"{path}:{line} imports {name}"
        for path, tree in sources("campaign")
        for name, line in portal_imports(tree)
        if not allowed_in_campaign(name)
    ]
    assert not found, "the public side reads portal.selectors, writes portal.services:\n" + (
        "\n".join(found)
    )


def public_side_imports(tree: ast.AST):
    """(name, line) for each module of the public side (campaign, home) a module imports."""
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            if name.split(".")[0] in {"campaign", "home"}:
                yield name, node.lineno


def test_the_portal_never_imports_the_public_side():
    """Dependencies point `home → campaign → portal`: what the portal needs from the public
    side (the help pages' addresses) it asks through a hook the public side fills."""
    found = [
        f"{path}:{line} imports {name}"
        for path, tree in sources("portal")
        for name, line in public_side_imports(tree)
    ]
    assert not found, "the portal imports the public side:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def v(r):\n    Device.objects.create(kind='x')", ["Device.objects.create"]),
        ("def v(r):\n    form.save()", ["form.save"]),
        (
            "def v(r):\n    Team.objects.filter(pk=1).update(name='x')",
            ["Team.objects.filter.update"],
        ),
        ("def v(r):\n    cache.delete('k')", ["cache.delete"]),
        ("def v(r):\n    context.update(a=1)", []),
        ("def v(r):\n    cache.get('k')", []),
        ("def v(r):\n    Device.objects.filter(pk=1).first()", []),
    ],
)
def test_the_rule_sees_a_write(source, expected):
    assert [call for _f, call, _l in writes(ast.parse(source))] == expected


def test_the_rule_sees_a_model_import_in_campaign():
    tree = ast.parse("from portal.models import Device\nfrom portal.selectors import public")
    names = [name for name, _line in portal_imports(tree)]
    assert [name for name in names if not allowed_in_campaign(name)] == ["portal.models.Device"]
