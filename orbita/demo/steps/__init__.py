"""The loader's steps, in order. Each is ``step(ctx: DemoContext) -> None`` and writes
through the owning app's services.

A later issue extends the demo by adding a data module under ``orbita.demo.data`` and a
step module here (e.g. ``steps/partnerships.py`` reading ``data/partnerships.py``), then
appending its step to ``STEPS`` after the steps it depends on.
"""

from orbita.demo.context import DemoStep
from orbita.demo.steps.collaboration import load_collaboration
from orbita.demo.steps.diagnosis import load_diagnosis
from orbita.demo.steps.mentoring import load_mentoring
from orbita.demo.steps.monitoring import load_monitoring
from orbita.demo.steps.partnerships import load_partnerships
from orbita.demo.steps.people import load_users
from orbita.demo.steps.registry import load_staff, load_world

STEPS: tuple[DemoStep, ...] = (
    load_world,  # regions, municipalities, schools
    load_staff,  # every school's staff, named teachers first
    load_users,  # the five demo logins and their roles
    load_diagnosis,  # results and context of 2019–2021, and the flags computed from them
    load_mentoring,  # mentors, mentees, programmes and pairs of cases 001 and 004
    load_partnerships,  # partnerships of cases 000–004, their agreements, roadmaps, programmes
    load_collaboration,  # events, brainstorm sessions and materials of the five cases
    load_monitoring,  # case 001's satisfaction surveys (87 % and 83 %), competency levels
)
