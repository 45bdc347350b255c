# The English pages of a Vietnamese program read dates and numbers the Vietnamese way too
# (issue 18): 05/08/2026 14:30 and 1.234.567,5, as on the Vietnamese pages, the printed
# reports and the exports, so a figure or a date reads the same whichever language shows it.
# Dates are typed day first as well (Django's English formats would read 03/04 as 4 March).
from config.formats.vi.formats import (  # noqa: F401 - read by Django's format lookup
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    THOUSAND_SEPARATOR,
    TIME_FORMAT,
)

YEAR_MONTH_FORMAT = "m/Y"  # the Vietnamese one says "tháng"
