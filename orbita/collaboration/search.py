"""Full-text search in Russian over the bank of materials, on both databases.

* PostgreSQL: its own text search with the ``russian`` configuration
  (``SearchVector(search_document, config="russian")`` against a ``websearch`` query), so
  «оценивание» finds «оценивания»; a GIN index over the same expression (migration 0002,
  PostgreSQL only) keeps it fast.
* SQLite has no Russian text search. There the service stores ``search_stems``: every word
  of the document reduced by the Snowball Russian stemmer (``snowballstemmer``, the
  reference Snowball algorithms in pure Python) and framed by spaces; a query is stemmed
  the same way and each of its stems must occur as a whole word.
"""

import re
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db import connection
from django.db.models import QuerySet

_WORD = re.compile(r"[0-9a-zа-я]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("russian")


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, «ё» read as «е»."""
    return _WORD.findall(text.lower().replace("ё", "е"))


def stems(text: str) -> list[str]:
    """The Snowball stems of the words of ``text`` (Russian; Latin words pass through)."""
    return list(_stemmer().stemWords(words(text)))


def stem_document(text: str) -> str:
    """``search_stems`` for ``text``: the distinct stems, each framed by spaces."""
    unique = dict.fromkeys(stems(text))
    return f" {' '.join(unique)} " if unique else ""


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_materials[M: Any](qs: QuerySet[M], query: str) -> QuerySet[M]:
    """Materials of ``qs`` matching every word of ``query`` in any word form, best first
    on PostgreSQL (by rank), newest first on SQLite."""
    query = query.strip()
    if not query:
        return qs
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("search_document", config="russian")
        search = SearchQuery(query, config="russian", search_type="websearch")
        return (
            qs.annotate(_search=vector, _rank=SearchRank(vector, search))
            .filter(_search=search)
            .order_by("-_rank", "-created_at", "id")
        )
    terms = stems(query)
    for term in dict.fromkeys(terms):
        qs = qs.filter(search_stems__contains=f" {term} ")
    return qs if terms else qs.none()
