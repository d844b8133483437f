"""Reading an admin file: bounded, UTF-8, every failure a file:line problem."""

from __future__ import annotations

from pathlib import Path

from .yaml_source import MAX_FILE_BYTES, Problem, ProblemsFound, too_large


def display_name(path: Path) -> str:
    """The path as an admin would type it: relative to the working directory."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path) -> str:
    """The file's text; unreadable files become a Problem."""
    name = display_name(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            size = max(path.stat().st_size, len(data))
            raise ProblemsFound([Problem(name, 1, "", too_large(size))])
        return data.decode("utf-8")
    except FileNotFoundError:
        raise ProblemsFound([Problem(name, 1, "", "file not found")]) from None
    except UnicodeDecodeError:
        raise ProblemsFound(
            [Problem(name, 1, "", "the file must be saved as UTF-8")]
        ) from None
    except OSError as err:
        raise ProblemsFound([Problem(name, 1, "", f"cannot read: {err}")]) from None
