"""Partnership page rows of the project-wide permission matrix
(orbita/tests/test_permission_matrix.py): URL name → (statuses per role, kwargs, method)."""

from collections.abc import Callable
from typing import Any

ROWS: dict[str, tuple[tuple[int, ...], Callable[[Any, Any], dict[str, Any]] | None, str]] = {}
