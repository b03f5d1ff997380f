# string and textwrap.
import string
import textwrap

print(string.ascii_letters, string.digits, string.punctuation)
print(string.hexdigits, string.octdigits, repr(string.whitespace))
print(string.capwords("the quick  brown fox"), string.ascii_uppercase[::5])
tmpl = string.Template("$who likes ${what}s; cost: $$5")
print(tmpl.substitute(who="Tim", what="apple"), tmpl.safe_substitute(who="Ann"))
print(string.Formatter().format("{0:>6}|{1:.3}", "ab", "abcdef"))
text = ("The Python Software Foundation is an organization devoted to advancing open source "
        "technology related to the Python programming language.")
print(textwrap.fill(text, width=40))
print(textwrap.wrap(text, width=30)[:3])
print(textwrap.shorten(text, width=50, placeholder=" [...]"))
print(textwrap.indent("line one\nline two\n\nline four", "> "))
print(textwrap.dedent("""
    def f():
        return 1
""").strip())
wrapper = textwrap.TextWrapper(width=25, initial_indent="* ", subsequent_indent="  ")
print(wrapper.fill(text))
print(textwrap.fill("a" * 30, width=10, break_long_words=True))
