"""The seeds' partnerships: cases 000 (Тутаевский район, a year prolonged twice, a network
programme), 001 (Сеченовский район, the three-stage programme), 002 (Рыбинск, the six-measure
roadmap) and 004 (Волховский район). Тосненский район (003) gets a run of the leader ↔
school recommendation instead, three of its proposals accepted.

Roadmap statuses: what the seeds report as held is done; case 001's collection of best
practices is left in progress so that an overdue item shows on the pages.
"""

from dataclasses import dataclass, field

LEADER_001 = (
    "консультировать директора по вопросам управления образовательной организацией",
    "проводить экспертизу управленческих документов",
    "организовывать консультации учителя-логопеда и педагога-психолога",
    "формировать наставнические пары педагогов",
    "проводить семинары и вебинары для педагогов",
    "включать педагогов партнёра в муниципальные методические объединения",
)
SUPPORTED_001 = (
    "провести самодиагностику и составить карту запросов педагогов",
    "обеспечить участие педагогов в наставнических парах и мероприятиях программы",
    "представлять отчёты о выполнении плана",
)


@dataclass(frozen=True)
class ItemSpec:
    action: str
    form: str
    expected_result: str
    due: str  # "YYYY-MM" for a month, "YYYY-MM-DD" for a date
    side: str  # "leader" | "supported" | "both"
    status: str = "done"
    stage: str = ""


@dataclass(frozen=True)
class ProgrammeSpec:
    host: str
    guest: str
    course: str
    subject: str
    grades: str
    teacher_name: str
    weekday: int
    time_start: str
    time_end: str
    transport: str
    accompanying_adult: str
    accompanying_activity: str
    part_time: bool = True


@dataclass(frozen=True)
class PartnershipSpec:
    key: str
    municipality: str
    leader: str
    supported: str
    leader_role: str
    supported_role: str
    start: str
    end: str
    subject: str
    coordinator_name: str
    working_group: str
    agreement_number: str
    prolongations: tuple[str, ...] = ()
    ended: str = ""  # the reason, when the partnership has ended
    leader_obligations: tuple[str, ...] | None = None
    supported_obligations: tuple[str, ...] | None = None
    template: tuple[str, int] | None = None  # (roadmap template, school year)
    not_done: tuple[int, ...] = ()  # template items (0-based) left in progress
    items: tuple[ItemSpec, ...] = ()
    programmes: tuple[ProgrammeSpec, ...] = field(default=())
    risk_year: int | None = None
    risk_chosen: tuple[str, ...] = ()


PARTNERSHIPS: tuple[PartnershipSpec, ...] = (
    PartnershipSpec(
        key="000",
        municipality="76-tutaev",
        leader="emishevo",
        supported="stolbishchi",
        leader_role="школа-партнёр, муниципальный ресурсный центр",
        supported_role="школа, функционирующая в неблагоприятных социальных условиях",
        start="2020-09-01",
        end="2021-08-31",
        prolongations=("2022-08-31", "2023-08-31"),
        subject=(
            "адресная поддержка реализации программы перехода школы в эффективный режим работы"
        ),
        coordinator_name="специалист управления образования Тутаевского района",
        working_group="директора и заместители директоров обеих школ",
        agreement_number="1",
        items=(
            ItemSpec(
                "Консультирование директора по управленческим решениям программы перехода",
                "консультация",
                "Уточнены мероприятия программы перехода в эффективный режим",
                "2020-10",
                "leader",
            ),
            ItemSpec(
                "Совместный педагогический совет по обновлённому ФГОС",
                "педагогический совет",
                "Педагоги обеих школ готовы к введению обновлённого стандарта",
                "2022-03",
                "both",
            ),
            ItemSpec(
                "Семинар поддерживаемой школы для педагогов школы-партнёра",
                "семинар",
                "Опыт Столбищенской ОШ представлен партнёру",
                "2022-04",
                "supported",
            ),
            ItemSpec(
                "Межшкольная конференция обучающихся начальных классов",
                "конференция обучающихся",
                "Обучающиеся представили проекты; положение, жюри, сертификаты",
                "2022-11",
                "leader",
            ),
            ItemSpec(
                "Межшкольная конференция обучающихся основной школы",
                "конференция обучающихся",
                "Обучающиеся 5–9 классов представили проекты",
                "2023-03",
                "leader",
            ),
        ),
        programmes=(
            ProgrammeSpec(
                host="emishevo",
                guest="stolbishchi",
                course="химия",
                subject="chemistry",
                grades="8–9",
                teacher_name="учитель химии Емишевской ОШ",
                weekday=3,
                time_start="09:00",
                time_end="12:30",
                transport="школьный автобус; расходы согласованы с управлением образования",
                accompanying_adult="учитель Столбищенской ОШ",
                accompanying_activity="внеурочное занятие для обучающихся Емишевской ОШ",
            ),
            ProgrammeSpec(
                host="emishevo",
                guest="stolbishchi",
                course="робототехника («Точка роста»)",
                subject="",
                grades="5–7",
                teacher_name="педагог центра «Точка роста» Емишевской ОШ",
                weekday=3,
                time_start="09:00",
                time_end="10:30",
                transport="тем же рейсом, классы по очереди",
                accompanying_adult="учитель Столбищенской ОШ",
                accompanying_activity="внеурочное занятие для обучающихся Емишевской ОШ",
                part_time=False,
            ),
        ),
        risk_year=2020,
        risk_chosen=("teacher_shortage", "equipment"),
    ),
    PartnershipSpec(
        key="001",
        municipality="52-sechenovo",
        leader="sechenovo",
        supported="krasnoe",
        leader_role="школа-лидер (куратор)",
        supported_role="школа с низкими образовательными результатами",
        start="2021-09-01",
        end="2022-05-31",
        subject=(
            "консультационная, методическая и организационная поддержка в рамках "
            "регионального проекта для школ с низкими результатами обучения"
        ),
        coordinator_name="муниципальный координатор управления образования Сеченовского района",
        working_group="заместители директоров, руководители методических объединений",
        agreement_number="12",
        leader_obligations=LEADER_001,
        supported_obligations=SUPPORTED_001,
        template=("case_001", 2021),
        not_done=(7,),
        risk_year=2021,
        risk_chosen=("competence", "disabilities"),
    ),
    PartnershipSpec(
        key="002",
        municipality="76-rybinsk",
        leader="rybinsk-6",
        supported="rybinsk-20",
        leader_role="школа-партнёр",
        supported_role="школа-спутник",
        start="2023-04-01",
        end="2024-05-31",
        subject="межшкольное партнёрство для повышения качества образования обеих школ",
        coordinator_name="специалист департамента образования г. Рыбинска",
        working_group="административные команды обеих школ, руководители МО",
        agreement_number="3",
        template=("case_002", 2022),
    ),
    PartnershipSpec(
        key="004",
        municipality="47-volkhov",
        leader="alexino",
        supported="potanino",
        leader_role="школа-партнёр",
        supported_role="школа с низкими результатами, 70 км от райцентра",
        start="2020-09-01",
        end="2021-08-31",
        subject="работа с обучающимися с низкой мотивацией, 5–9 классы",
        coordinator_name="специалист комитета образования Волховского района",
        working_group="директора школ",
        agreement_number="5",
        ended="срок соглашения истёк, работа продолжается в наставнических парах",
        items=(
            ItemSpec(
                "Взаимопосещение уроков в 5–9 классах",
                "взаимопосещение уроков",
                "Педагоги освоили приёмы работы с низкомотивированными обучающимися",
                "2021-03",
                "leader",
            ),
        ),
    ),
)

RECOMMEND_MUNICIPALITY = "47-tosno"
RECOMMEND_ACCEPT = 3  # proposals accepted (the rest stay for the coordinator to decide)
