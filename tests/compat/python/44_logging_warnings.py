# logging to stdout with a fixed format, and warnings.
import logging
import sys
import warnings

logging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("app")
log.debug("debug %d", 1)
log.info("info with %s", "args")
log.warning("warning")
child = logging.getLogger("app.db")
child.setLevel(logging.ERROR)
child.warning("hidden")
child.error("db error")
try:
    1 / 0
except ZeroDivisionError as exc:
    log.error("failed: %s", exc)  # not log.exception: the traceback shows the file's path
print(logging.getLevelName(logging.WARNING), logging.getLevelName(15), log.getEffectiveLevel())


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(self.format(record))


handler = ListHandler()
handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
quiet = logging.getLogger("quiet")
quiet.propagate = False
quiet.addHandler(handler)
quiet.warning("captured %s", "message")
print(handler.records)
adapter = logging.LoggerAdapter(log, {"user": "ann"})
adapter.info("adapted")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("old api", DeprecationWarning)
    warnings.warn("careful", UserWarning)
    warnings.warn("careful", UserWarning)
print([(w.category.__name__, str(w.message)) for w in caught])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        warnings.warn("now an error")
    except UserWarning as e:
        print("raised:", e)
