"""British date and time formats for the site: Django's en_GB, with a 24-hour clock.

Django's "6:10 a.m." ends a sentence with a double full stop ("Approved on … 6:10 a.m..") and
reads oddly in lists; editors here read "30 Nov 2026, 06:10".
"""

DATETIME_FORMAT = "j M Y, H:i"
