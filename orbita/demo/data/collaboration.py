"""Collaboration in the demo: the seeds' events with their own dates, the monthly brainstorm
sessions of Тосненский район, and the materials case 001 names.

* Case 000 (Тутаевский район): the joint pedagogical council on the updated standard
  (March 2022, both directors and the deputy spoke); the seminar the supported
  Столбищенская ОШ gave to its leader on the didactic value of a lesson (support runs both
  ways); the inter-school student conferences of November 2022 (primary) and March 2023
  (basic school) that Емишевская ОШ organised.
* Case 004 (Волховский район): nine open lessons that Потанинская ООШ's teachers visited at
  Алексинская СОШ in February–March 2021; the history lesson with a consultation on low
  achievers at Новоладожская СОШ № 1; the seminar of 11 June 2021 and the master class of
  30 August 2021.
* Case 001 (Сеченовский район): the master class on the work sheet for the Russian exam,
  the sessions on the «Мобильное Электронное Образование» platform, the history task
  examples — as events and as materials of the bank; one webinar a month from the day the
  demo is loaded, open for registration (the ``mentee`` login is registered).
* Case 003 (Тосненский район): remote brainstorm sessions every month (Zoom), facilitated
  by the deputy head of СОШ № 1 г. Тосно and the psychologist of Гимназия № 1 г. Никольское,
  with the supported schools' teachers; ideas, combined and rated, end in recommendations.

Handles: schools by their ``world.py`` key, teachers by their ``staff.py`` key.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventSpec:
    municipality: str
    title: str
    kind: str
    when: str  # "YYYY-MM-DD HH:MM", local time
    organisers: tuple[str, ...]
    direction: str = "to_supported"
    helper: str | None = None
    helped: str | None = None
    audience: tuple[str, ...] = ()
    roles: tuple[str, ...] = ("teachers",)
    grades: tuple[int, ...] = ()
    place: str = ""
    online_link: str = ""
    description: str = ""
    outcome: str = ""
    attendance: int | None = None


@dataclass(frozen=True)
class MaterialSpec:
    title: str
    kind: str
    school: str
    author: str
    subjects: tuple[str, ...]
    competencies: tuple[str, ...]
    grades: tuple[int, ...]
    description: str
    link: str


@dataclass(frozen=True)
class BrainstormSpec:
    when: str  # "YYYY-MM-DD HH:MM"
    title: str
    problem: str
    facilitator: str  # teacher key
    ideas: tuple[str, ...]
    merges: tuple[tuple[int, int], ...] = ()  # (idea index, into index)
    links: tuple[tuple[int, int], ...] = ()
    phase: str = "closed"
    extra: dict[str, str] = field(default_factory=dict)


_COUNCIL = (
    "Совместный педагогический совет «Переход на обновлённый ФГОС»: выступили директор "
    "Емишевской ОШ, её заместитель и директор Столбищенской ОШ."
)

_ALEXINO_LESSONS = (
    ("2021-02-02 10:00", "математика, 5 класс", (5,)),
    ("2021-02-05 11:00", "русский язык, 6 класс", (6,)),
    ("2021-02-10 10:00", "биология, 7 класс", (7,)),
    ("2021-02-16 12:00", "математика, 8 класс", (8,)),
    ("2021-02-25 10:00", "русский язык, 9 класс", (9,)),
    ("2021-03-03 11:00", "география, 6 класс", (6,)),
    ("2021-03-10 10:00", "литература, 7 класс", (7,)),
    ("2021-03-16 12:00", "физика, 8 класс", (8,)),
    ("2021-03-19 10:00", "английский язык, 5 класс", (5,)),
)

EVENTS: tuple[EventSpec, ...] = (
    # --- case 000 --------------------------------------------------------------------------
    EventSpec(
        municipality="76-tutaev",
        title="Совместный педагогический совет «Переход на обновлённый ФГОС»",
        kind="council",
        when="2022-03-23 14:00",
        organisers=("emishevo", "stolbishchi"),
        helper="emishevo",
        helped="stolbishchi",
        audience=("emishevo", "stolbishchi"),
        roles=("teachers", "heads", "deputies"),
        place="МОУ Емишевская ОШ",
        description=_COUNCIL,
        outcome="Педагоги обеих школ познакомились с обновлённым стандартом; составлен "
        "общий план перехода.",
        attendance=24,
    ),
    EventSpec(
        municipality="76-tutaev",
        title="Обучающий семинар «Дидактическая ценность урока»",
        kind="seminar",
        when="2022-10-19 14:00",
        organisers=("stolbishchi",),
        direction="to_leader",
        helper="stolbishchi",
        helped="emishevo",
        audience=("emishevo",),
        place="МОУ Столбищенская ОШ",
        description="Семинар, который поддерживаемая школа подготовила и провела для "
        "педагогов школы-лидера.",
        outcome="Тема вызвала интерес коллег; приёмы определения дидактической ценности "
        "урока взяты в работу.",
        attendance=11,
    ),
    EventSpec(
        municipality="76-tutaev",
        title="Межшкольная конференция учащихся начальной школы",
        kind="student_conference",
        when="2022-11-16 10:00",
        organisers=("emishevo",),
        helper="emishevo",
        helped="stolbishchi",
        audience=("emishevo", "stolbishchi"),
        roles=("students", "teachers"),
        grades=(1, 2, 3, 4),
        place="МОУ Емишевская ОШ",
        description="Положение о конференции, помещение, сертификаты участникам, грамоты "
        "и жюри — на Емишевской школе как на лидере.",
        outcome="Выступили учащиеся обеих школ; победители награждены грамотами.",
        attendance=38,
    ),
    EventSpec(
        municipality="76-tutaev",
        title="Межшкольная конференция учащихся основной школы",
        kind="student_conference",
        when="2023-03-15 10:00",
        organisers=("emishevo",),
        helper="emishevo",
        helped="stolbishchi",
        audience=("emishevo", "stolbishchi"),
        roles=("students", "teachers"),
        grades=(5, 6, 7, 8, 9),
        place="МОУ Емишевская ОШ",
        outcome="Дети и педагоги активнее и ответственнее готовились к конференции.",
        attendance=42,
    ),
    # --- case 004 --------------------------------------------------------------------------
    *(
        EventSpec(
            municipality="47-volkhov",
            title=f"Открытый урок: {subject}",
            kind="open_lesson",
            when=when,
            organisers=("alexino",),
            helper="alexino",
            helped="potanino",
            audience=("potanino",),
            grades=grades,
            place="МОБУ «Алексинская СОШ»",
            outcome="Урок посетили учителя Потанинской ООШ.",
        )
        for when, subject, grades in _ALEXINO_LESSONS
    ),
    EventSpec(
        municipality="47-volkhov",
        title="Урок истории и консультация по работе со слабоуспевающими",
        kind="consultation",
        when="2021-03-12 11:00",
        organisers=("novaya-ladoga-1",),
        helper="novaya-ladoga-1",
        helped="potanino",
        audience=("potanino",),
        place="МОБУ «Новоладожская СОШ № 1»",
        outcome="Учитель истории Потанинской ООШ получил консультацию по организации "
        "работы со слабоуспевающими учениками.",
    ),
    EventSpec(
        municipality="47-volkhov",
        title="Семинар «Планирование и осуществление работы на уроке со слабоуспевающими "
        "учащимися»",
        kind="seminar",
        when="2021-06-11 11:00",
        organisers=("alexino",),
        helper="alexino",
        helped="potanino",
        audience=("potanino",),
        place="МОБУ «Алексинская СОШ»",
    ),
    EventSpec(
        municipality="47-volkhov",
        title="Мастер-класс «Из опыта работы»",
        kind="master_class",
        when="2021-08-30 11:00",
        organisers=("alexino",),
        helper="alexino",
        helped="potanino",
        audience=("potanino",),
        place="МОБУ «Алексинская СОШ»",
    ),
    # --- case 001 --------------------------------------------------------------------------
    EventSpec(
        municipality="52-sechenovo",
        title="Мастер-класс «Технология использования рабочего листа в процессе подготовки "
        "к ГИА по русскому языку»",
        kind="master_class",
        when="2021-11-24 14:00",
        organisers=("sechenovo",),
        helper="sechenovo",
        helped="krasnoe",
        audience=("krasnoe",),
        place="МБОУ Сеченовская СШ",
        outcome="Рабочие листы внесены в банк методических материалов.",
        attendance=9,
    ),
    EventSpec(
        municipality="52-sechenovo",
        title="Учебные занятия «Организация образовательного процесса на платформе "
        "Мобильное Электронное Образование»",
        kind="webinar",
        when="2021-12-08 15:00",
        organisers=("sechenovo",),
        helper="sechenovo",
        helped="krasnoe",
        audience=("krasnoe",),
        online_link="https://sferum.ru/",
    ),
)

# One upcoming event, ``days`` from the day the demo is loaded, open for registration.
UPCOMING = EventSpec(
    municipality="52-sechenovo",
    title="Вебинар «Формирующее оценивание на уроках русского языка»",
    kind="webinar",
    when="+30 15:00",
    organisers=("sechenovo",),
    helper="sechenovo",
    helped="krasnoe",
    audience=("krasnoe", "boltinka"),
    online_link="https://sferum.ru/",
    description="Приёмы формирующего оценивания и критерии оценивания устных ответов.",
)
UPCOMING_REGISTERED = ("mentee", "school")

MATERIALS: tuple[MaterialSpec, ...] = (
    MaterialSpec(
        title="Мастер-класс «Технология использования рабочего листа в процессе подготовки "
        "к итоговой государственной аттестации по русскому языку»",
        kind="methodical",
        school="sechenovo",
        author="sech-russian",
        subjects=("russian",),
        competencies=("exam_prep", "lesson_design"),
        grades=(9, 11),
        description="Рабочие листы к заданиям ОГЭ и ЕГЭ по русскому языку и порядок работы "
        "с ними на уроке; критерии оценивания ответов.",
        link="https://example.org/orbita/rabochiy-list-russkiy",
    ),
    MaterialSpec(
        title="Организация образовательного процесса на платформе Мобильное Электронное "
        "Образование",
        kind="video_lesson",
        school="sechenovo",
        author="sech-informatics",
        subjects=("informatics",),
        competencies=("digital_tools",),
        grades=(7, 8, 9),
        description="Видеозаписи учебных занятий: курсы, задания и проверка работ учащихся "
        "на платформе МЭО.",
        link="https://example.org/orbita/meo",
    ),
    MaterialSpec(
        title="Примеры учебных задач по истории и обществознанию",
        kind="worksheet",
        school="sechenovo",
        author="sech-history",
        subjects=("history", "social"),
        competencies=("functional_literacy", "assessment"),
        grades=(5, 6, 7, 8, 9),
        description="Учебные задачи на работу с историческими источниками; оценивание "
        "по критериям.",
        link="https://example.org/orbita/istoriya-zadachi",
    ),
)

_TOSNO_FACILITATORS = ("tosno1-deputy", "nikolskoye-gym-psychologist")

BRAINSTORMS: tuple[BrainstormSpec, ...] = (
    BrainstormSpec(
        when="2020-10-21 15:00",
        title="Как поднять результаты ВПР по математике",
        problem="По данным ВПР 2020 года в половине школ района низкие результаты по "
        "математике в 5–7 классах. Что можно сделать в этом учебном году?",
        facilitator="tosno1-deputy",
        ideas=(
            "Разбирать типичные ошибки ВПР на методобъединении учителей района",
            "Общий банк заданий в формате ВПР для всех школ",
            "Банк заданий ВПР по темам, доступный всем учителям",
            "Консультации учителей СОШ № 1 для учителей школ с низкими результатами",
            "Взаимопосещение уроков математики",
        ),
        merges=((2, 1),),
        links=((0, 4),),
    ),
    BrainstormSpec(
        when="2020-11-18 15:00",
        title="Как вовлечь родителей",
        problem="Родители учащихся со слабыми результатами редко приходят в школу. Как "
        "сделать их союзниками?",
        facilitator="nikolskoye-gym-psychologist",
        ideas=(
            "Родительская гостиная раз в четверть",
            "Короткие встречи в мессенджере вместо собраний",
            "Совместные проекты детей и родителей",
            "Консультации психолога для родителей",
        ),
        links=((0, 2),),
    ),
    BrainstormSpec(
        when="2020-12-16 15:00",
        title="Профилактика правонарушений подростков",
        problem="Как уменьшить число подростков на учёте в КДН?",
        facilitator="nikolskoye-gym-psychologist",
        ideas=(
            "Кружки и секции для подростков группы риска",
            "Наставник-старшеклассник для каждого подростка на учёте",
            "Школьная служба примирения",
            "Больше кружков после уроков",
        ),
        merges=((3, 0),),
    ),
    BrainstormSpec(
        when="2021-01-20 15:00",
        title="Подготовка к ОГЭ в малых школах",
        problem="В малых школах один учитель ведёт несколько предметов. Как готовить к ОГЭ?",
        facilitator="tosno1-deputy",
        ideas=(
            "Сетевые консультации ресурсных школ по субботам",
            "Дистанционные занятия в Zoom для учащихся нескольких школ",
            "Пробный ОГЭ в ресурсной школе",
            "Пары учителей-предметников по школам",
        ),
    ),
    BrainstormSpec(
        when="2021-02-17 15:00",
        title="Олимпиадное движение",
        problem="Учащиеся школ с низкими результатами почти не участвуют в олимпиадах.",
        facilitator="tosno1-deputy",
        ideas=(
            "Районная летняя математическая школа в пос. Шапки",
            "Олимпиадные кружки ресурсных школ для всех желающих",
            "Школьный этап в формате командной игры",
        ),
        phase="rate",
    ),
    BrainstormSpec(
        when="2021-03-17 15:00",
        title="Психологическая безопасность в школе",
        problem="Как сделать школьную среду безопаснее для учащихся и педагогов?",
        facilitator="nikolskoye-gym-psychologist",
        ideas=(
            "Обучение педагогов по программе «Психологическая безопасность»",
            "Анонимный ящик для обращений учащихся",
        ),
        phase="collect",
    ),
)
FACILITATORS = _TOSNO_FACILITATORS
# The supported schools whose teachers take part (one account each, no password).
PARTICIPANT_SCHOOLS = ("tosno-3", "lyuban", "ulyanovka-2", "ryabovo", "pelgora", "shapki")
