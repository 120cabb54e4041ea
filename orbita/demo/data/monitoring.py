"""Case 001's monitoring: the satisfaction surveys (target 85 % each) answered so that the
mentees' share is 87 % (13 of 15 satisfied) and the mentors' 83 % (5 of 6) — one target met,
one missed — and the competency levels of the four mentees before and after.

Respondents: the teachers of the supported schools (Красновская ОШ, Болтинская ОШ) and the
mentors of Сеченовская СШ who took part in the programme get accounts without passwords
and the mentee or mentor role; the demo logins ``mentee`` and ``mentor`` are invited too and
are left to answer themselves.
"""

MUNICIPALITY = "52-sechenovo"
MENTEE_SCHOOLS = ("krasnoe", "boltinka")
MENTOR_SCHOOL = "sechenovo"

# (respondents, satisfied): 13 / 15 = 86.7 % → «87 %»; 5 / 6 = 83.3 % → «83 %».
MENTEE_ANSWERS = (15, 13)
MENTOR_ANSWERS = (6, 5)

# Levels 1–5 of each request-map competency: (start, end) by the mentor, and self.
MENTOR_LEVELS = (2, 4)
SELF_LEVELS = (2, 4)

# Тосненский район (case 003): the accepted proposals become partnerships of the
# three-year project started in September 2020.
TOSNO_START = "2020-09-01"
TOSNO_END = "2023-08-31"
