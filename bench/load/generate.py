"""A large generated region for the load benchmark, written with ``bulk_create``.

This is a load fixture, not user input: it goes around the services (no validation, no
audit entries, no recomputed flags) so that 1,000 schools and their 30,000 teachers are
written in about a minute. Everything is drawn from one seeded RNG, so the same seed and
scale give the same rows (ids included, in a freshly migrated database); dates are drawn
relative to the day of the run, and ``created_at`` / ``updated_at`` are its time.

Run it against an empty, migrated database::

    export DJANGO_SETTINGS_MODULE=config.django.base
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/orbita_load
    .venv/bin/python manage.py migrate
    .venv/bin/python -m bench.load.generate                   # 1,000 schools
    .venv/bin/python -m bench.load.generate --schools 50 --municipalities 5   # small twin

Counts at ``--schools 1000`` (everything scales with the number of schools): 25
municipalities, 30,000 teachers, 5,000 mentors, 10,000 mentees, 50 programmes, 10,000
pairs with their plans (30,000 plan items), 60,000 success-diary entries, 20,000
meetings, 20,000 events (diary entries, meetings and events: 100,000), 500 partnerships
with 2,000 roadmap items. Logins (password ``LOAD_PASSWORD``): ``load-admin-N`` (regional
administrator), ``load-muni-N`` (municipal coordinator of municipality N), ``load-school-N``
(school coordinator), ``load-mentor-N`` and ``load-mentee-N`` (teachers with an active
pair), N = 1…``--logins``.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

import django

LOAD_PASSWORD = "orbita-load-2026"  # noqa: S105 — a published benchmark password
REGION_CODE = "LOAD"

LAST = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
]
FIRST_M = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Игорь", "Михаил", "Олег"]
FIRST_F = [
    "Елена",
    "Ольга",
    "Наталья",
    "Ирина",
    "Татьяна",
    "Светлана",
    "Марина",
    "Анна",
    "Юлия",
    "Галина",
    "Людмила",
    "Мария",
]
MIDDLE_M = ["Александрович", "Сергеевич", "Викторович", "Николаевич", "Петрович", "Ильич"]
MIDDLE_F = [
    "Александровна",
    "Сергеевна",
    "Викторовна",
    "Николаевна",
    "Петровна",
    "Ивановна",
    "Андреевна",
    "Олеговна",
]
TOWNS = [
    "Заречный",
    "Сосновка",
    "Берёзовка",
    "Луговой",
    "Озёрск",
    "Кедровый",
    "Ключи",
    "Покровка",
    "Никольское",
    "Троицк",
    "Красногорск",
    "Ивановка",
    "Дубки",
    "Липецкое",
    "Светлый",
    "Речной",
    "Ольховка",
    "Рябиновка",
    "Калиновка",
    "Михайловка",
    "Горный",
    "Степной",
    "Ясный",
    "Вишнёвка",
    "Сокол",
]
ACHIEVEMENTS = [
    "Провела открытый урок с использованием приёмов формирующего оценивания",
    "Разработала рабочую программу элективного курса",
    "Подготовила учащихся к муниципальному этапу олимпиады",
    "Выступила на заседании методического объединения",
    "Освоила приёмы работы с обучающимися с ОВЗ",
    "Составила банк заданий по функциональной грамотности",
    "Провела родительское собрание в новом формате",
    "Опубликовала методическую разработку в сборнике",
]
TOPICS = [
    "Разбор посещённого урока",
    "Планирование урока",
    "Работа с трудным классом",
    "Подготовка к ВПР",
    "Формирующее оценивание",
    "Самоанализ урока",
    "Индивидуальный образовательный маршрут",
    "Подготовка к аттестации",
]
EVENT_TITLES = [
    "Семинар «Функциональная грамотность на уроках»",
    "Мастер-класс по смысловому чтению",
    "Открытый урок математики",
    "Круглый стол наставников",
    "Вебинар «Подготовка к ОГЭ»",
    "Педагогический совет сетевых школ",
    "Конференция молодых педагогов",
    "Взаимопосещение уроков русского языка",
    "Консультация для заместителей директоров",
]
ACTIONS = [
    "Взаимопосещение уроков",
    "Совместное заседание методических объединений",
    "Анализ результатов ВПР",
    "Семинар для педагогов поддерживаемой школы",
    "Разработка индивидуальных планов профессионального развития",
]


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--schools", type=int, default=1000, help="number of schools (scale)")
    p.add_argument("--municipalities", type=int, default=None, help="default: one per 40 schools")
    p.add_argument("--seed", type=int, default=20261207)
    p.add_argument("--logins", type=int, default=5, help="logins per role")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
    django.setup()
    started = time.perf_counter()
    counts = generate(
        schools=args.schools,
        municipalities=args.municipalities or max(1, round(args.schools / 40)),
        seed=args.seed,
        logins=args.logins,
    )
    for name, n in counts.items():
        print(f"{name:>22}: {n:,}")
    print(f"generated in {time.perf_counter() - started:.1f} s")


def generate(*, schools: int, municipalities: int, seed: int, logins: int) -> dict[str, int]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from orbita.accounts.groups import coordinators_group
    from orbita.accounts.models import Role, RoleAssignment, User
    from orbita.collaboration.models import Direction, Event, EventKind
    from orbita.mentoring.models import (
        Deficit,
        Meeting,
        MenteeProfile,
        MentoringPair,
        MentorProfile,
        PairMentee,
        PairPlan,
        PairPlanItem,
        Programme,
        SuccessDiaryEntry,
        WantedFormat,
    )
    from orbita.partnerships.models import Partnership, RoadmapItem
    from orbita.registry.models import (
        Competency,
        Municipality,
        QualificationCategory,
        Region,
        School,
        SchoolKind,
        Subject,
        Teacher,
    )

    if Region.objects.filter(code=REGION_CODE).exists():
        raise SystemExit("The load region exists already: start from an empty database.")
    rng = random.Random(seed)
    n_muni = municipalities
    per_school = 30
    subjects = list(Subject.objects.order_by("order", "id"))
    competencies = list(Competency.objects.order_by("order", "id"))
    if not subjects or not competencies:
        raise SystemExit("The catalogues are empty: run `manage.py migrate` first.")
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    counts: dict[str, int] = {}
    batch = 5000

    def bulk(model, objs, name=None):  # type: ignore[no-untyped-def]
        out = model.objects.bulk_create(objs, batch_size=batch)
        counts[name or model._meta.model_name] = len(out)
        return out

    def person(i: int) -> str:
        female = rng.random() < 0.8
        first = rng.choice(FIRST_F if female else FIRST_M)
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        last = rng.choice(LAST) + ("а" if female else "")
        return f"{last} {first} {middle}"

    with transaction.atomic():
        region = Region.objects.create(code=REGION_CODE, name="Нагрузочная область")
        munis = bulk(
            Municipality,
            [
                Municipality(
                    region=region,
                    code=f"LOAD-M{m + 1:02d}",
                    name=f"{TOWNS[m % len(TOWNS)]}ский район"
                    + (f" {m // len(TOWNS) + 1}" if m >= len(TOWNS) else ""),
                    authority="Управление образования",
                    center=TOWNS[m % len(TOWNS)],
                )
                for m in range(n_muni)
            ],
        )
        kinds = (
            [SchoolKind.SOSH] * 6
            + [SchoolKind.OOSH] * 2
            + [SchoolKind.GYMNASIUM, SchoolKind.LYCEUM, SchoolKind.NOSH, SchoolKind.ADVANCED]
        )
        school_objs = []
        for s in range(schools):
            m = munis[s % n_muni]
            rural = rng.random() < 0.45
            school_objs.append(
                School(
                    municipality=m,
                    code=f"LOAD-{s + 1:05d}",
                    name=f"Муниципальное общеобразовательное учреждение «Школа № {s + 1}»",
                    short_name=f"Школа № {s + 1} ({m.center})",
                    kind=rng.choice(kinds),
                    address=f"{m.center}, ул. Школьная, {rng.randint(1, 99)}",
                    lat=Decimal(f"{55 + rng.random() * 3:.6f}"),
                    lon=Decimal(f"{35 + rng.random() * 5:.6f}"),
                    students=rng.randint(40, 1500),
                    teachers_count=per_school,
                    rural=rural,
                    km_to_center=Decimal(f"{rng.random() * (90 if rural else 10):.1f}"),
                    director=person(s),
                    has_psychologist=rng.random() < 0.7,
                    has_speech_therapist=rng.random() < 0.5,
                    has_social_pedagogue=rng.random() < 0.6,
                    has_defectologist=rng.random() < 0.3,
                    is_resource_center=rng.random() < 0.03,
                )
            )
        school_objs = bulk(School, school_objs)

        teacher_objs = []
        for school in school_objs:
            names: set[str] = set()
            while len(names) < per_school:
                names.add(person(0))
            for k, name in enumerate(sorted(names)):
                teacher_objs.append(
                    Teacher(
                        school=school,
                        full_name=name,
                        position="учитель",
                        category=rng.choice(QualificationCategory.values),
                        experience_years=Decimal(f"{rng.random() * 35:.1f}"),
                        email=f"t{school.pk}-{k}@example.org",
                    )
                )
        teachers = bulk(Teacher, teacher_objs)
        through = Teacher.subjects.through
        bulk(
            through,
            [
                through(teacher_id=t.pk, subject_id=sub.pk)
                for t in teachers
                for sub in rng.sample(subjects, rng.choice((1, 1, 2)))
            ],
            "teacher subjects",
        )

        # Per school: teachers 0–4 are mentors, 5–14 mentees (of 30).
        by_school = [teachers[i * per_school : (i + 1) * per_school] for i in range(schools)]
        mentors = bulk(
            MentorProfile,
            [
                MentorProfile(
                    teacher=t,
                    status=MentorProfile.Status.ACTIVE,
                    capacity=2,
                    criteria={},
                    quality=Decimal(f"{0.5 + rng.random() / 2:.4f}"),
                )
                for ts in by_school
                for t in ts[:5]
            ],
        )
        mthrough = MentorProfile.subjects.through
        bulk(
            mthrough,
            [
                mthrough(mentorprofile_id=mp.pk, subject_id=rng.choice(subjects).pk)
                for mp in mentors
            ],
            "mentor subjects",
        )
        mentees = bulk(
            MenteeProfile,
            [
                MenteeProfile(teacher=t, format=rng.choice(WantedFormat.values))
                for ts in by_school
                for t in ts[5:15]
            ],
        )
        bulk(
            Deficit,
            [
                Deficit(mentee=me, competency=c, note="Затрудняюсь")
                for me in mentees
                for c in rng.sample(competencies, rng.randint(1, 3))
            ],
        )
        programmes = bulk(
            Programme,
            [
                Programme(
                    municipality=m,
                    name=f"Программа наставничества {m.center}, {year}–{year + 1}",
                    starts_on=dt.date(year, 9, 1),
                    ends_on=dt.date(year + 1, 6, 30),
                    forms=["individual"],
                    goal="Профессиональный рост молодых педагогов",
                )
                for m in munis
                for year in (today.year - 1, today.year)
            ],
        )
        # Pairs: each mentee of school s gets a mentor of school s or of a school of the
        # same municipality; every mentor guides two mentees.
        pair_objs, pair_mentees = [], []
        for s in range(schools):
            m_idx = s % n_muni
            prog = programmes[2 * m_idx + (1 if rng.random() < 0.7 else 0)]
            ms = mentors[s * 5 : (s + 1) * 5]
            for k, mentee in enumerate(mentees[s * 10 : (s + 1) * 10]):
                roll = rng.random()
                status = (
                    MentoringPair.Status.ACTIVE
                    if roll < 0.8
                    else MentoringPair.Status.COMPLETED
                    if roll < 0.9
                    else MentoringPair.Status.DRAFT
                )
                pair_objs.append(
                    MentoringPair(
                        programme=prog,
                        mentor=ms[k // 2],
                        status=status,
                        source=MentoringPair.Source.MATCHING,
                        score=round(rng.random(), 4),
                        accepted_at=timezone.now() if status != "draft" else None,
                        started_on=prog.starts_on if status != "draft" else None,
                        ended_on=prog.ends_on if status == "completed" else None,
                    )
                )
                pair_mentees.append(mentee)
        pairs = bulk(MentoringPair, pair_objs)
        bulk(
            PairMentee,
            [PairMentee(pair=p, mentee=me) for p, me in zip(pairs, pair_mentees, strict=True)],
        )
        plans = bulk(
            PairPlan, [PairPlan(pair=p, goal="Освоить формирующее оценивание") for p in pairs]
        )
        bulk(
            PairPlanItem,
            [
                PairPlanItem(
                    plan=plan,
                    competency=rng.choice(competencies),
                    content=rng.choice(ACTIONS),
                    deadline=today + dt.timedelta(days=rng.randint(-120, 200)),
                    status=rng.choice(PairPlanItem.Status.values),
                    order=o,
                )
                for plan in plans
                for o in range(3)
            ],
        )
        n_pairs = len(pairs)
        bulk(
            SuccessDiaryEntry,
            [
                SuccessDiaryEntry(
                    pair=pairs[i % n_pairs],
                    mentee=pair_mentees[i % n_pairs],
                    date=today - dt.timedelta(days=rng.randint(0, 400)),
                    achievement=rng.choice(ACHIEVEMENTS),
                    competency=rng.choice(competencies),
                    is_shared=rng.random() < 0.4,
                )
                for i in range(6 * n_pairs)
            ],
        )
        bulk(
            Meeting,
            [
                Meeting(
                    pair=pairs[i % n_pairs],
                    date=today - dt.timedelta(days=rng.randint(0, 400)),
                    topic=rng.choice(TOPICS),
                    notes="Обсудили план на месяц.",
                    is_shared=rng.random() < 0.3,
                )
                for i in range(2 * n_pairs)
            ],
        )

        # Partnerships: a leader and a supported school of the same municipality.
        part_objs = []
        for k in range(schools // 2):
            s = (2 * k) % schools
            leader, supported = school_objs[s], school_objs[(s + n_muni) % schools]
            if leader.municipality_id != supported.municipality_id or leader == supported:
                continue
            part_objs.append(
                Partnership(
                    municipality_id=leader.municipality_id,
                    leader=leader,
                    supported=supported,
                    status=Partnership.Status.ACTIVE,
                    start=dt.date(today.year - 1, 9, 1),
                    end=dt.date(today.year + 1, 8, 31),
                    subject="Повышение качества образования",
                )
            )
        partnerships = bulk(Partnership, part_objs)
        bulk(
            RoadmapItem,
            [
                RoadmapItem(
                    partnership=p,
                    order=o + 1,
                    action=rng.choice(ACTIONS),
                    due=today + dt.timedelta(days=rng.randint(-90, 240)),
                    responsible_school=p.leader,
                    status=rng.choice(RoadmapItem.Status.values),
                )
                for p in partnerships
                for o in range(4)
            ],
        )

        event_objs, organisers = [], []
        for _ in range(2 * n_pairs):
            s = rng.randrange(schools)
            school = school_objs[s]
            start = dt.datetime.combine(
                today + dt.timedelta(days=rng.randint(-300, 300)), dt.time(rng.randint(9, 16))
            ).replace(tzinfo=tz)
            event_objs.append(
                Event(
                    municipality_id=school.municipality_id,
                    title=rng.choice(EVENT_TITLES),
                    kind=rng.choice(EventKind.values),
                    direction=Direction.NETWORK,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    place=school.address,
                    audience_roles=["teachers"],
                    status=Event.Status.HELD if start.date() < today else Event.Status.PLANNED,
                )
            )
            organisers.append(school)
        events = bulk(Event, event_objs)
        othrough = Event.organisers.through
        bulk(
            othrough,
            [
                othrough(event_id=e.pk, school_id=sch.pk)
                for e, sch in zip(events, organisers, strict=True)
            ],
            "event organisers",
        )

        # Logins. One Argon2 hash for the shared benchmark password.
        password = make_password(LOAD_PASSWORD)
        users, roles = [], []
        coordinator = coordinators_group()
        live = [k for k, p in enumerate(pairs) if p.status == MentoringPair.Status.ACTIVE]
        for n in range(1, logins + 1):
            m = munis[(n - 1) % n_muni]
            school = school_objs[(n - 1) * 7 % schools]
            k = live[(n - 1) * 37 % len(live)]
            mentor_teacher = pairs[k].mentor.teacher
            mentee_teacher = pair_mentees[k].teacher
            specs = [
                ("admin", Role.REGIONAL_ADMIN, None, {"region": region}),
                ("muni", Role.MUNICIPAL_COORDINATOR, None, {"municipality": m}),
                ("school", Role.SCHOOL_COORDINATOR, None, {"school": school}),
                ("mentor", Role.MENTOR, mentor_teacher, {"school": mentor_teacher.school}),
                ("mentee", Role.MENTEE, mentee_teacher, {"school": mentee_teacher.school}),
            ]
            for handle, role, teacher, target in specs:
                user = User(
                    username=f"load-{handle}-{n}",
                    password=password,
                    first_name=handle,
                    last_name="Нагрузочный",
                    email=f"load-{handle}-{n}@example.org",
                    teacher=teacher,
                    is_staff=teacher is None,
                )
                users.append(user)
                roles.append((user, role, target))
        bulk(User, users)
        bulk(
            RoleAssignment,
            [RoleAssignment(user=u, role=r, **target) for u, r, target in roles],
        )
        coordinator.user_set.add(*[u for u in users if u.is_staff])
    return counts


if __name__ == "__main__":
    main()
