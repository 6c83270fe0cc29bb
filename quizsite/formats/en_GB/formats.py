"""Dates as the app writes them everywhere, pages and messages alike: "1 June 2030, 22:00",
and "1 June 2030" for a day.

Django's en-GB default ("1 Jun 2030, 10 p.m.") read differently from the refusals and
notes the services write, which say the same moment with a 24-hour clock.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
