"""The import-linter contract (pyproject.toml) covers every app: an app missing from its
layers would be free to import anything (make test runs lint-imports itself)."""

import re
import tomllib

from django.apps import apps
from django.conf import settings


def contract() -> dict:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        config = tomllib.load(file)["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return layers


def test_the_layers_name_every_app_once():
    named = [f"quizzes.{app}" for layer in contract()["layers"] for app in re.split(r"[|:]", layer)]
    named = [name.replace(" ", "") for name in named]
    ours = [config.name for config in apps.get_app_configs() if config.name.startswith("quizzes.")]
    assert sorted(named) == sorted(ours)
    assert len(set(named)) == len(named)


def test_core_is_the_bottom_layer_and_imports_no_app():
    layers = contract()
    assert layers["layers"][-1] == "core"
    assert not [i for i in layers.get("ignore_imports", []) if i.startswith("quizzes.core")]
