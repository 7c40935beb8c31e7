"""`make demo PORT=8001` serves the demo on that port and prints its URL; without PORT it stays 8000
(issue 16). `make -n` prints the recipe without running it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def demo_recipe(*arguments):
    environment = {name: value for name, value in os.environ.items() if name != "PORT"}
    return subprocess.run(
        ["make", "-n", "demo", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(("arguments", "port"), [((), "8000"), (("PORT=8001",), "8001")])
def test_the_demo_serves_and_prints_the_chosen_port(arguments, port):
    recipe = demo_recipe(*arguments)
    assert f"manage.py runserver 127.0.0.1:{port}" in recipe
    assert f"Szansa demo: http://127.0.0.1:{port}" in recipe
