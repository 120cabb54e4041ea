"""``recommend_partners [--municipality CODE] [--year Y] [--format table|json]``: leader ↔
supported school proposals of the matching engine, stored as a recommendation run."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orbita.partnerships.recommendation import recommendation_run
from orbita.registry.models import Municipality


class Command(BaseCommand):
    help = "Подбор школ-лидеров для поддерживаемых школ (движок подбора)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="код муниципалитета (по умолчанию — все)")
        parser.add_argument("--year", type=int, help="год диагностики (по умолчанию — последний)")
        parser.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Municipality.objects.order_by("code")
        if options["municipality"]:
            qs = qs.filter(code=options["municipality"])
            if not qs.exists():
                raise CommandError(f"Муниципалитет {options['municipality']} не найден.")
        out = []
        for m in qs:
            run = recommendation_run(actor=None, municipality=m, year=options["year"])
            for p in run.proposals.select_related("leader", "supported"):
                out.append(
                    {
                        "municipality": m.code,
                        "supported": p.supported.code,
                        "leader": p.leader.code if p.leader else None,
                        "score": p.score,
                        "explanation": p.explanation.get("lines", []),
                    }
                )
        if options["format"] == "json":
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        for row in out:
            leader = row["leader"] or "—"
            score = "" if row["score"] is None else f"{row['score']:.2f}"
            self.stdout.write(
                f"{row['municipality']}\t{row['supported']}\t{leader}\t{score}\t"
                + " ".join(row["explanation"])
            )
