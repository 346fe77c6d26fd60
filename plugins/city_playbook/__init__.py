"""City playbook: a city's ISO 37106 smart-city operating-model playbook, built with MkDocs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("city-playbook")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
