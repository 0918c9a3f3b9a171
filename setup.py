"""The one thing pyproject.toml cannot say: templates/ stays at the top of the repository,
and the wheel carries it inside the package as outreach/templates (found packages plus
one mapped folder; pyproject.toml's find cannot add a mapped one)."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["outreach*", "crawlers*", "scoring*"]) + ["outreach.templates"],
    package_dir={"outreach.templates": "templates"},
)
