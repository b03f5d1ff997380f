# calendar and time functions on fixed moments.
import calendar
import time

print(calendar.isleap(2024), calendar.leapdays(2000, 2025), tuple(map(int, calendar.monthrange(2024, 2))), int(calendar.weekday(2024, 7, 4)))
print(calendar.month_name[3], calendar.day_abbr[0], list(calendar.month_abbr)[1:4])
print(calendar.TextCalendar(firstweekday=0).formatmonth(2024, 2))
print(calendar.monthcalendar(2023, 10)[0], calendar.timegm((2024, 1, 1, 0, 0, 0)))
print(list(calendar.Calendar().itermonthdays(2024, 2))[:7])
epoch = time.gmtime(0)
print(epoch.tm_year, epoch.tm_mon, epoch.tm_mday, epoch.tm_wday, epoch.tm_yday)
moment = time.gmtime(1700000000)
print(time.strftime("%Y-%m-%d %H:%M:%S %a %j", moment), time.asctime(moment))
print(time.strptime("2024-03-15 08:30", "%Y-%m-%d %H:%M")[:6], calendar.timegm(moment))
start = time.perf_counter()
elapsed = time.perf_counter() - start
print(elapsed >= 0, time.time() > 1_600_000_000, time.monotonic() >= 0, isinstance(time.time_ns(), int))
time.sleep(0.01)
print("slept")
