#!/usr/bin/env python3
"""docs/errors.md against the code: the error table cannot drift (TAP).

Extracts from the C sources every message format that kreiss or kreiss-check
can print on an error path -- the format argument of kr_error_set(),
kr_error_set_offset(), npy_fail() (libkreiss, printed by kreiss as
"kreiss: FILE:LINE: message"), kr_reason_set() and peak.c's append_reason()
(the reasons of results that are not certified, exit 1), usage_error() and
fprintf(stderr, ...) (the
CLI), die_malformed(), reject() and fprintf(stderr, ...) (kreiss-check),
ck_fail() (kreiss-check's matrix reader) and ck_msg() (its PD test) -- plus
the message fragments chosen at run time (kr_numstatus_message,
kr_binary64_only, the `why` strings of the complex parser, ck_numerr).  Then checks:

  1. every format of the code is in docs/errors.md;
  2. every message of docs/errors.md is in the code (no stale rows);
  3. the status written beside each message is the code's: the kr_status
     (FORMAT, LIMIT, ...) of a libkreiss message, the exit status of a
     kreiss-check message (die_malformed and ck_fail: 2, reject: 1).

Messages are compared after normalising printf conversions: "%s", "%ld",
"%.40s", "%02x", ... all become one placeholder, "%%" becomes "%", and runs
of white space become one space.  docs/errors.md writes each message as its
printf format in the first `code span` of a table row (a literal | written
\\|).

Usage: tests/errors.py [--dump | --missing]
  --dump      list every message extracted from the code
  --missing   print a table row for every message missing from the document
              (cause left as TODO), to paste into the right section
The source tree is $top_srcdir (default: the parent of this file's folder).
"""
import glob
import os
import re
import sys

SRCDIR = os.environ.get("top_srcdir") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DOC = os.path.join(SRCDIR, "docs", "errors.md")

# emitter -> (index of the format argument, index of the kr_status argument
# or None, exit status or None, which program)
EMITTERS = {
    "kr_error_set": (4, 1, None, "lib"),
    "kr_error_set_offset": (4, 1, None, "lib"),
    "npy_fail": (2, 1, None, "lib"),
    "usage_error": (0, None, 2, "kreiss"),
    "die_malformed": (1, None, 2, "check"),
    "reject": (2, None, 1, "check"),
    "ck_fail": (2, None, 2, "check"),
    "ck_msg": (2, None, 1, "check"),
    # the reasons of results that are not certified (kreiss exits with 1)
    "kr_reason_set": (2, None, 1, "lib"),
    "append_reason": (1, None, 1, "lib"),
}
# fprintf(stderr, FMT, ...): the program is given by the file
STDERR_FILES = {"src/cli/": "kreiss", "src/check/": "check"}

KR_STATUS = {"KR_ERR_IO": "IO", "KR_ERR_FORMAT": "FORMAT", "KR_ERR_UNSUPPORTED": "UNSUPPORTED",
             "KR_ERR_LIMIT": "LIMIT", "KR_ERR_DOMAIN": "DOMAIN", "KR_ERR_NOMEM": "NOMEM",
             "KR_ERR_INTERNAL": "INTERNAL"}

CONV = re.compile(r"%(?:%|[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspaA])")


def normalise(fmt):
    out = CONV.sub(lambda m: "%" if m.group(0) == "%%" else "\x00", fmt)
    out = out.replace("\x00", "{}")
    return re.sub(r"\s+", " ", out).strip()


def strip_comments(text):
    """Blank out comments, keep strings and line numbers."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(text, start):
    """The top-level arguments of the call whose '(' is at start."""
    args, depth, i, cur = [], 0, start, start + 1
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[cur:i])
                return args
        elif c == "," and depth == 1:
            args.append(text[cur:i])
            cur = i + 1
        i += 1
    return None


ESC = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r", "0": "\0"}


def unescape(s):
    def rep(m):
        e = m.group(1)
        if e[0] == "x":
            return chr(int(e[1:], 16))
        return ESC.get(e, e)
    return re.sub(r"\\(x[0-9a-fA-F]+|.)", rep, s)


STRLIT = re.compile(r'"((?:[^"\\]|\\.)*)"')


def drop_calls(arg):
    """arg without the function calls in it (strcmp(key, "descr") ...):
    their string arguments are not values of the argument."""
    out, i = [], 0
    call = re.compile(r"\b[A-Za-z_]\w*\s*\(")
    while True:
        m = call.search(arg, i)
        if m is None:
            out.append(arg[i:])
            return "".join(out)
        # a literal before the match must not be split: only calls outside
        # strings (the format is checked by literal scanning below)
        if arg.count('"', 0, m.start()) % 2 == 1:
            out.append(arg[i:m.end()])
            i = m.end()
            continue
        out.append(arg[i:m.start()])
        depth, j = 0, m.end() - 1
        while j < len(arg):
            if arg[j] == '"':
                j += 1
                while j < len(arg) and arg[j] != '"':
                    j += 2 if arg[j] == "\\" else 1
            elif arg[j] == "(":
                depth += 1
            elif arg[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        out.append(" 0 ")
        i = j + 1


def expand_macros(arg, macros):
    """Replace the string macros of the file (#define NAME "...") by their
    text, so that "expected " CK_BANNER is one literal."""
    for name, value in macros.items():
        arg = re.sub(r"\b" + name + r"\b", lambda m: value, arg)
    return arg


def string_macros(text):
    macros = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+((?:\"(?:[^\"\\]|\\.)*\"\s*(?:\\\n\s*)?)+)$", text, re.M):
        macros[m.group(1)] = re.sub(r"\\\n", " ", m.group(2)).strip()
    return macros


def literals(arg):
    """The string constants an argument can evaluate to: adjacent literals
    are concatenated; the branches of a ?: are alternatives."""
    groups, last_end, cur = [], None, None
    arg = drop_calls(arg)
    for m in STRLIT.finditer(arg):
        if cur is not None and arg[last_end:m.start()].strip() == "":
            cur += unescape(m.group(1))
        else:
            if cur is not None:
                groups.append(cur)
            cur = unescape(m.group(1))
        last_end = m.end()
    if cur is not None:
        groups.append(cur)
    return groups


class Msg:
    def __init__(self, fmt, where, emitter, status, exit_status, prog):
        self.fmt, self.where, self.emitter = fmt, where, emitter
        self.status, self.exit, self.prog = status, exit_status, prog
        self.norm = normalise(fmt.rstrip("\n"))


def extract():
    msgs = []
    files = sorted(glob.glob(os.path.join(SRCDIR, "src", "**", "*.c"), recursive=True))
    names = "|".join(list(EMITTERS) + ["fprintf"])
    call = re.compile(r"\b(" + names + r")\s*\(")
    for path in files:
        rel = os.path.relpath(path, SRCDIR).replace(os.sep, "/")
        with open(path, encoding="utf-8", errors="replace") as f:
            text = strip_comments(f.read())
        macros = string_macros(text)
        for m in call.finditer(text):
            name = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            args = split_args(text, m.end() - 1)
            if args is None:
                continue
            # skip definitions and prototypes: their first argument is a
            # declaration such as "kr_error_t err" or "const char *fmt"
            if re.match(r"^\s*(?:const\s+)?[A-Za-z_]\w*[\s*]+[A-Za-z_]\w*\s*$", args[0]):
                continue
            if name == "fprintf":
                if not args or args[0].strip() != "stderr":
                    continue
                prog = next((p for d, p in STDERR_FILES.items() if rel.startswith(d)), None)
                if prog is None:
                    continue
                fidx, sidx, exit_status = 1, None, (2 if prog == "check" else None)
            else:
                fidx, sidx, exit_status, prog = EMITTERS[name]
            if len(args) <= fidx:
                continue
            status = None
            if sidx is not None:
                st = args[sidx].strip()
                status = KR_STATUS.get(st)
                if status is None and st in ("st", "res"):
                    status = "*"  # a variable: any status
            for fmt in literals(expand_macros(args[fidx], macros)):
                if name == "fprintf":
                    # the program's name is not part of the message
                    if fmt.startswith("kreiss-check: "):
                        fmt = fmt[len("kreiss-check: "):]
                    elif fmt.startswith("kreiss: "):
                        fmt = fmt[len("kreiss: "):]
                    elif fmt.startswith("%s: ") and len(args) > 2 and args[2].strip() == "progname":
                        fmt = fmt[len("%s: "):]
                msg = Msg(fmt, "%s:%d" % (rel, line), name, status, exit_status, prog)
                # wrappers ("%s: %s\n", "%s%s") carry no text of their own
                if not re.search(r"[A-Za-z]", CONV.sub("", msg.fmt)):
                    continue
                # kreiss-check: "not verified" is a reject reason, exit 1
                if name == "fprintf" and "not verified" in fmt:
                    msg.exit = 1
                msgs.append(msg)
        # fragments: texts chosen at run time and printed inside a message
        for m in re.finditer(r"\bwhy\s*=\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\s*;", text):
            for fmt in literals(m.group(1)):
                line = text.count("\n", 0, m.start()) + 1
                msgs.append(Msg(fmt, "%s:%d" % (rel, line), "fragment", None, None, "frag"))
        for fn in ("kr_numstatus_message", "kr_binary64_only"):
            fm = re.search(r"\n" + fn + r"\s*\([^)]*\)\s*\{(.*?)\n\}", text, re.S)
            if fm:
                for m in re.finditer(r"return\s+\"((?:[^\"\\]|\\.)*)\"", fm.group(1)):
                    if m.group(1) not in ("", "a number", "unknown number status"):
                        msgs.append(Msg(unescape(m.group(1)), rel, "fragment", None, None, "frag"))
        am = re.search(r"ck_numerr\[\]\s*=\s*\{(.*?)\};", text, re.S)
        if am:
            for fmt in literals(am.group(1)):
                if fmt:
                    msgs.append(Msg(fmt, rel, "fragment", None, None, "frag"))
    return msgs


def doc_rows():
    """(message, status cell, line) of every table row of docs/errors.md."""
    rows = []
    with open(DOC, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.startswith("|") or re.match(r"^\|[\s|:-]+\|?\s*$", line):
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            span = re.search(r"`((?:[^`])+)`", line)
            if span is None or len(cells) < 2 or not cells[0].startswith("`"):
                continue
            text = span.group(1).replace("\\|", "|")
            rows.append((normalise(text), cells[1].strip("` "), no))
    return rows


def main():
    msgs = extract()
    if "--dump" in sys.argv:
        for m in msgs:
            print("%-24s %-14s %-6s %-4s %s" % (m.where, m.emitter, m.status or "", m.exit or "", m.fmt.rstrip("\n")))
        return 0
    rows = doc_rows()
    if "--missing" in sys.argv:
        have = {norm for norm, _, _ in rows}
        done = set()
        for m in msgs:
            if m.norm in have or m.norm in done:
                continue
            done.add(m.norm)
            st = m.status if m.status and m.status != "*" else (str(m.exit) if m.exit is not None else "2")
            if m.emitter == "fragment":
                st = "\u2014"
            print("| `%s` | %s | TODO (%s) |" % (m.fmt.strip("\n").replace("|", "\\|"), st, m.where))
        return 0
    documented = {}
    for norm, st, no in rows:
        documented.setdefault(norm, []).append((st, no))
    by_norm = {}
    for m in msgs:
        by_norm.setdefault(m.norm, []).append(m)

    tests = []
    # 1. every message of the code is documented
    for norm, ms in sorted(by_norm.items(), key=lambda kv: kv[1][0].where):
        where = ", ".join(sorted({m.where for m in ms}))
        ok = norm in documented
        diag = "" if ok else "missing from docs/errors.md: `%s`" % ms[0].fmt.rstrip("\n").replace("|", "\\|")
        tests.append((ok, "documented: %s (%s)" % (norm[:60], where), diag))
    # 2. every documented message is in the code, 3. with its status
    for norm, st, no in rows:
        ms = by_norm.get(norm)
        if ms is None:
            tests.append((False, "docs/errors.md:%d is in the code: %s" % (no, norm[:60]),
                          "no such message in src/: remove or update the row"))
            continue
        statuses = {m.status for m in ms if m.status} | {str(m.exit) for m in ms if m.exit is not None}
        if not statuses or "*" in statuses:
            ok = True
        else:
            ok = st in statuses
        tests.append((ok, "docs/errors.md:%d status %s" % (no, st),
                      "" if ok else "the code says %s" % "/".join(sorted(statuses))))
    print("1..%d" % len(tests))
    failed = 0
    for i, (ok, name, diag) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name.replace("#", "No.")))
        if not ok:
            failed += 1
            print("# " + diag)
    if failed:
        print("# %d of %d failed; tests/errors.py --dump lists the messages of the code" % (failed, len(tests)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
