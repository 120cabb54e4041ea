"""Partnership page rows of the project-wide permission matrix
(orbita/tests/test_permission_matrix.py): URL name → (statuses per role, kwargs, method).

``partnership_page_objects`` adds to the objects of ``matrix_api`` (a partnership of
Сеченовская СШ, the mentor's school, supporting Красновская ОШ, the ``school`` login's
school, in Сеченовский район) a signed scan, an agreement template version, evidence with a
file and a recommendation run with one proposal.
"""

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from orbita.partnerships import documents, services
from orbita.partnerships.models import (
    Agreement,
    AgreementTemplate,
    Proposal,
    RecommendationRun,
    RoadmapItem,
)
from orbita.partnerships.tests.matrix_api import partnership_api_objects

#                anon  reg  r_oth mun  m_oth sch  s_oth mentor mentee super
COORDINATORS = (302, 200, 200, 200, 200, 200, 200, 403, 403, 200)
MUNICIPAL = (302, 200, 200, 200, 200, 403, 403, 403, 403, 200)
REGIONAL = (302, 200, 200, 403, 403, 403, 403, 403, 403, 200)
PAGE = (302, 200, 404, 200, 404, 200, 404, 403, 403, 200)
MANAGE = (302, 200, 404, 200, 404, 403, 404, 403, 403, 200)
FILE = (302, 200, 404, 200, 404, 200, 404, 404, 404, 200)
MANAGE_POST = (302, 302, 404, 302, 404, 403, 404, 404, 404, 302)
WORK_POST = (302, 302, 404, 302, 404, 302, 404, 404, 404, 302)
RUN_PAGE = (302, 200, 404, 200, 404, 404, 404, 403, 403, 200)
RUN_POST = (302, 302, 404, 302, 404, 404, 404, 404, 404, 302)
PROGRAMME_PAGE = (302, 200, 404, 200, 404, 200, 404, 200, 200, 200)


def partnership_page_objects(world: Any, people: Any) -> dict[str, int]:
    keys = partnership_api_objects(world, people)
    agreement = Agreement.objects.get(pk=keys["agreement"])
    if not agreement.signed_scan:
        agreement.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
        agreement.signed_name = "скан.pdf"
        agreement.save()
    template = AgreementTemplate.objects.first() or services.template_upload(
        actor=None, name="Матрица", data=documents.default_template_bytes()
    )
    item = RoadmapItem.objects.get(pk=keys["item"])
    evidence = item.evidence.exclude(file="").first() or services.roadmap_evidence_add(
        actor=None, item=item, upload=SimpleUploadedFile("отчёт.pdf", b"%PDF-1.4 matrix")
    )
    removed = (
        RoadmapItem.objects.filter(partnership_id=keys["partnership"])
        .exclude(deleted_at=None)
        .first()
    )
    if removed is None:
        removed = services.roadmap_item_create(
            actor=None, partnership=item.partnership, data={"action": "Удалённая мера"}
        )
        services.roadmap_item_delete(actor=None, item=removed)
    run = RecommendationRun.objects.filter(municipality=world.municipality).first()
    if run is None:
        run = RecommendationRun.objects.create(
            municipality=world.municipality, status=RecommendationRun.Status.DONE, progress=100
        )
        Proposal.objects.create(
            run=run, supported=world.branch, leader=world.mentor_teacher.school, score=0.5
        )
    return {
        **keys,
        "template": template.pk,
        "evidence": evidence.pk,
        "run": run.pk,
        "removed": removed.pk,
        "proposal": run.proposals.get().pk,
        "profile": keys["profile"],
    }


def pk_of(name: str) -> Callable[[Any, Any], dict[str, Any]]:
    return lambda w, p: {"pk": partnership_page_objects(w, p)[name]}


ROWS: dict[str, tuple[tuple[int, ...], Callable[[Any, Any], dict[str, Any]] | None, str]] = {
    "partnerships:list": (COORDINATORS, None, "get"),
    "partnerships:create": (MUNICIPAL, None, "get"),
    "partnerships:detail": (PAGE, pk_of("partnership"), "get"),
    "partnerships:edit": (MANAGE, pk_of("partnership"), "get"),
    "partnerships:activate": (MANAGE_POST, pk_of("partnership"), "post"),
    "partnerships:prolong": (MANAGE_POST, pk_of("partnership"), "post"),
    "partnerships:end": (MANAGE_POST, pk_of("partnership"), "post"),
    "partnerships:report": (PAGE, pk_of("partnership"), "get"),
    "partnerships:agreement-create": (MANAGE, pk_of("partnership"), "get"),
    "partnerships:agreement-document": (FILE, pk_of("agreement"), "get"),
    "partnerships:agreement-sign": (MANAGE_POST, pk_of("agreement"), "post"),
    "partnerships:agreement-scan": (FILE, pk_of("agreement"), "get"),
    "partnerships:templates": (COORDINATORS, None, "get"),
    "partnerships:templates#post": (REGIONAL, None, "post"),
    "partnerships:template-default": (COORDINATORS, None, "get"),
    "partnerships:template-download": (COORDINATORS, pk_of("template"), "get"),
    "partnerships:recommendations": (MUNICIPAL, None, "get"),
    "partnerships:recommendations#post": (MUNICIPAL, None, "post"),
    "partnerships:recommendation-detail": (RUN_PAGE, pk_of("run"), "get"),
    "partnerships:proposal-decide": (RUN_POST, pk_of("proposal"), "post"),
    "partnerships:risk-profiles": (COORDINATORS, None, "get"),
    "partnerships:risk-profiles#post": (COORDINATORS, None, "post"),
    "partnerships:risk-profile": (PAGE, pk_of("profile"), "get"),
    "partnerships:risk-profile#post": (PAGE, pk_of("profile"), "post"),
    "partnerships:risk-to-roadmap": (WORK_POST, pk_of("profile"), "post"),
}
