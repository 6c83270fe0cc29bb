"""Dates as the app writes them everywhere, pages and messages alike: "1 June 2030, 22:00".

Django's en-GB default ("1 Jun 2030, 10 p.m.") read differently from the refusals and
notes the services write, which say the same moment with a 24-hour clock.
"""

DATETIME_FORMAT = "j F Y, H:i"
