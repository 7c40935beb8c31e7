"""The layout of the test suite: no test module imports another test module, a conftest or a helper module.

Shared fixtures live in the conftest.py files (pytest finds them without an import); shared builders and
factories live in the tests.factories package, the one shared import. Every other file under tests/ is a
test module (test_*.py), a conftest.py or a package's __init__.py.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SHARED = "tests.factories"


def module_name(path: Path) -> str:
    parts = path.relative_to(TESTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, node.module] if node.module else base)


def _allowed(name: str) -> bool:
    return name == SHARED or name.startswith(SHARED + ".")


def forbidden_imports(source: str, package: str = "tests") -> list[str]:
    """The modules of the test suite other than tests.factories that `source` imports (at any depth:
    an import inside a function counts too). `package` is the package the source lives in, for
    relative imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, package)
            # from tests import factories / from tests import conftest: the names are modules
            names = [f"tests.{alias.name}" for alias in node.names] if module == "tests" else [module]
        else:
            continue
        found += [
            name for name in names if (name == "tests" or name.startswith("tests.")) and not _allowed(name)
        ]
    return found


def test_no_module_of_the_suite_imports_another_except_the_factories():
    offenders = {}
    for path in sorted(TESTS.rglob("*.py")):
        package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
        imported = forbidden_imports(path.read_text(encoding="utf-8"), package)
        if imported:
            offenders[str(path.relative_to(TESTS.parent))] = imported
    assert offenders == {}, "Move shared fixtures to a conftest.py and shared builders to tests.factories"


def test_every_file_is_a_test_module_a_conftest_or_part_of_the_factories():
    factories = TESTS / "factories"
    stray = [
        str(path.relative_to(TESTS.parent))
        for path in sorted(TESTS.rglob("*.py"))
        if not (
            path.name.startswith("test_")
            or path.name in ("conftest.py", "__init__.py")
            or factories in path.parents
        )
    ]
    assert stray == []


def test_the_checker_finds_imports_of_test_modules_conftests_and_helpers():
    assert forbidden_imports("from tests.people.test_x import person_row\n") == ["tests.people.test_x"]
    assert forbidden_imports("import tests.support.conftest\n") == ["tests.support.conftest"]
    assert forbidden_imports("from tests import conftest\n") == ["tests.conftest"]
    assert forbidden_imports("import tests\n") == ["tests"]
    nested = "def test_a():\n    from tests.housing.conftest import refer\n"
    assert forbidden_imports(nested) == ["tests.housing.conftest"]
    relative = "from .test_plans import diagnose\nfrom . import activity_fixtures\n"
    assert forbidden_imports(relative, "tests.support") == ["tests.support.test_plans", "tests.support"]
    assert forbidden_imports("from ..projects.conftest import make_project\n", "tests.support") == [
        "tests.projects.conftest"
    ]


def test_the_checker_allows_the_factories_and_everything_outside_the_suite():
    source = (
        "import datetime\n"
        "import pytest\n"
        "import tests.factories\n"
        "from tests import factories\n"
        "from tests.factories import PersonFactory\n"
        "from tests.factories.support import enrol\n"
        "from szansa.domain.people.models import Person\n"
        "from testsuite import x\n"
    )
    assert forbidden_imports(source) == []
    assert forbidden_imports("from ..factories.housing import refer\n", "tests.housing") == []
