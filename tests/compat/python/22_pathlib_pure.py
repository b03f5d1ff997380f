# pathlib pure paths (no file system access) and posixpath.
import posixpath
from pathlib import PurePosixPath, PureWindowsPath

p = PurePosixPath("/home/user/projects/codemode/src/main.tar.gz")
print(p.name, p.stem, p.suffix, p.suffixes, p.parent, p.parent.name)
print(p.parts[:3], p.anchor, p.is_absolute(), p.root)
print(p.with_name("other.py"), p.with_suffix(".zip"), p.with_stem("lib") if hasattr(p, "with_stem") else "")
print(p.relative_to("/home/user"), p.match("*.gz"), PurePosixPath("a/b").joinpath("c", "d"))
print(PurePosixPath("a") / "b" / "../c", PurePosixPath("/a//b/./c/"), list(p.parents)[:2])
print(repr(PurePosixPath("x/y")), str(PurePosixPath("")), PurePosixPath("a/b") == PurePosixPath("a//b"))
w = PureWindowsPath(r"C:\Users\Ann\file.TXT")
print(w.drive, w.name, w.suffix, w.parent, w.as_posix())
print(posixpath.join("a", "b", "/c"), posixpath.normpath("a/./b/../c//d"), posixpath.splitext("x.tar.gz"))
print(posixpath.basename("/x/y.txt"), posixpath.dirname("/x/y.txt"), posixpath.commonpath(["/a/b/c", "/a/b/d"]))
print(posixpath.relpath("/a/b/c", "/a/d"), posixpath.isabs("rel"), posixpath.split("/a/b"))
