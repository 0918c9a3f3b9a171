"""Settings: read from the environment, validated, and every one documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach import create_app
from outreach.core.settings import SETTINGS, SettingError, settings_from_environment

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_without_environment():
    values = settings_from_environment({})
    assert values["ALLOW_PRIVATE_NETWORKS"] is False
    assert values["CRAWL_MIN_INTERVAL_MINUTES"] == 15
    assert values["DATABASE_URL"] is None


def test_environment_overrides_default():
    values = settings_from_environment(
        {"OUTREACH_ALLOW_PRIVATE_NETWORKS": "yes", "OUTREACH_PITCH_GUARD_DAYS": "14"}
    )
    assert values["ALLOW_PRIVATE_NETWORKS"] is True
    assert values["PITCH_GUARD_DAYS"] == 14


def test_bad_value_names_the_variable():
    with pytest.raises(SettingError, match="OUTREACH_CRAWL_CONCURRENCY"):
        settings_from_environment({"OUTREACH_CRAWL_CONCURRENCY": "many"})


def test_the_team_s_time_zone_is_a_place_s_name():
    assert settings_from_environment({})["TIME_ZONE"] == "UTC"
    assert settings_from_environment({"OUTREACH_TIME_ZONE": " Europe/Berlin "})["TIME_ZONE"] == "Europe/Berlin"
    for bad in ("CET", "Berlin", "Europe/Atlantis"):
        with pytest.raises(SettingError, match="OUTREACH_TIME_ZONE.*Europe/Berlin"):
            settings_from_environment({"OUTREACH_TIME_ZONE": bad})


def test_test_config_overrides_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("OUTREACH_PITCH_GUARD_DAYS", "10")
    app = create_app({"PITCH_GUARD_DAYS": 3, "INSTANCE_PATH": str(tmp_path)})
    assert app.config["PITCH_GUARD_DAYS"] == 3


def test_environment_reaches_app_config(monkeypatch, tmp_path):
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/x.sqlite"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.env_var)
def test_every_setting_is_documented_in_readme(setting):
    assert f"`{setting.env_var}`" in README.read_text(), f"{setting.env_var} missing from README"
