# Time zones from the IANA database, on fixed dates.
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

paris = ZoneInfo("Europe/Paris")
new_york = ZoneInfo("America/New_York")
tokyo = ZoneInfo("Asia/Tokyo")
for month in (1, 7):
    moment = datetime(2023, month, 15, 12, 0, tzinfo=paris)
    print(moment, moment.tzname(), moment.utcoffset(), moment.dst())
    print("  new york:", moment.astimezone(new_york), moment.astimezone(new_york).tzname())
    print("  tokyo:   ", moment.astimezone(tokyo), moment.astimezone(tokyo).tzname())
# The 2023 DST switch in Europe: 2023-03-26 01:00 UTC.
before = datetime(2023, 3, 26, 0, 59, tzinfo=timezone.utc).astimezone(paris)
after = (before + timedelta(minutes=2)).astimezone(timezone.utc).astimezone(paris)
print(before, after)
ambiguous = datetime(2023, 10, 29, 2, 30, tzinfo=paris)
print(ambiguous.utcoffset(), ambiguous.replace(fold=1).utcoffset())
print(str(paris), repr(ZoneInfo("UTC")), ZoneInfo("UTC") is ZoneInfo("UTC"))
print(datetime(2020, 6, 1, tzinfo=ZoneInfo("Australia/Sydney")).tzname())
try:
    ZoneInfo("Nowhere/Special")
except Exception as e:
    print(type(e).__name__)
