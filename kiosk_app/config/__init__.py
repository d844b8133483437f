"""config.yaml: schema, loading with line-numbered problems, hot reload."""

from .loader import load_config, parse_config
from .schema import Config, Text
from .yaml_source import Problem, ProblemsFound

__all__ = ["Config", "Problem", "ProblemsFound", "Text", "load_config", "parse_config"]
