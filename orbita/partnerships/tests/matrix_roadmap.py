"""Roadmap and network programme rows of the project-wide permission matrix
(orbita/tests/test_permission_matrix.py); the objects are those of ``matrix``."""

from collections.abc import Callable
from typing import Any

from orbita.partnerships.tests.matrix import (
    COORDINATORS,
    FILE,
    MANAGE,
    MANAGE_POST,
    PAGE,
    PROGRAMME_PAGE,
    WORK_POST,
    pk_of,
)

ROWS: dict[str, tuple[tuple[int, ...], Callable[[Any, Any], dict[str, Any]] | None, str]] = {
    "partnerships:roadmap": (PAGE, pk_of("partnership"), "get"),
    "partnerships:roadmap#post": (MANAGE, pk_of("partnership"), "post"),
    "partnerships:roadmap-template": (MANAGE_POST, pk_of("partnership"), "post"),
    "partnerships:roadmap-import": (MANAGE_POST, pk_of("partnership"), "post"),
    "partnerships:roadmap-export": (FILE, pk_of("partnership"), "get"),
    "partnerships:roadmap-annex": (FILE, pk_of("partnership"), "get"),
    "partnerships:item-edit": (MANAGE, pk_of("item"), "get"),
    "partnerships:item-status": (WORK_POST, pk_of("item"), "post"),
    "partnerships:item-delete": (MANAGE_POST, pk_of("item"), "post"),
    "partnerships:item-restore": (MANAGE_POST, pk_of("removed"), "post"),
    "partnerships:item-evidence": (WORK_POST, pk_of("item"), "post"),
    "partnerships:evidence-file": (FILE, pk_of("evidence"), "get"),
    "partnerships:programme-list": (COORDINATORS, None, "get"),
    "partnerships:programme-create": (COORDINATORS, None, "get"),
    "partnerships:programme-detail": (PROGRAMME_PAGE, pk_of("programme"), "get"),
    "partnerships:programme-edit": (MANAGE, pk_of("programme"), "get"),
}
