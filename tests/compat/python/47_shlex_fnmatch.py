# shlex and fnmatch.
import fnmatch
import shlex

command = """grep -rn "hello world" --include='*.py' src/ | sort -u  # comment"""
print(shlex.split(command), shlex.split(command, comments=True))
print(shlex.quote("it's a file.txt"), shlex.quote("safe-name"), shlex.join(["echo", "a b", "c'd"]))
lexer = shlex.shlex("a=1, b='two words'", posix=True, punctuation_chars=True)
print(list(lexer))
names = ["main.py", "test_main.py", "README.md", "setup.cfg", "data_01.csv", "data_1a.csv", "Makefile"]
print(fnmatch.filter(names, "*.py"), fnmatch.filter(names, "data_[0-9][0-9].csv"), fnmatch.filter(names, "[!A-Z]*"))
print(fnmatch.fnmatch("Report.TXT", "*.txt"), fnmatch.fnmatchcase("Report.TXT", "*.txt"), fnmatch.fnmatch("a?c", "a[?]c"))
print(fnmatch.translate("*.py").startswith("(?s:"))
