"""Checks that dependencies point one way, as collectors/CMakeLists.txt declares them.

- Nothing under collectors/ includes daemon/.
- A room under collectors/ (base, core, events, procfs, oom, journal) includes only itself and the
  rooms its library links, directly or through them, in collectors/CMakeLists.txt: the linker
  checks the same for code (tests/CMakeLists.txt), this checks headers, which it cannot see.
- No source file sits directly in collectors/ or daemon/ but daemon/main.cpp, the entry point:
  everything else lives in the room of its concern.

Usage: check_dependencies.py SOURCE_DIR"""

import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
LINK_RE = re.compile(r"target_link_libraries\(\s*memwatch_(\w+)\s+(?:PUBLIC|INTERFACE)\s+([^)]*)\)")


def declared_rooms(source_dir):
    """Room -> the rooms it may include: itself and what its library links, transitively."""
    with open(os.path.join(source_dir, "collectors", "CMakeLists.txt"), encoding="utf-8") as f:
        text = f.read()
    direct = {}
    for room, links in LINK_RE.findall(text):
        direct[room] = {name[len("memwatch_"):] for name in links.split()
                        if name.startswith("memwatch_")}
    allowed = {}
    for room in direct:
        seen, todo = {room}, [room]
        while todo:
            for dependency in direct.get(todo.pop(), ()):
                if dependency not in seen:
                    seen.add(dependency)
                    todo.append(dependency)
        allowed[room] = seen
    return allowed


def main():
    source_dir = sys.argv[1]
    allowed = declared_rooms(source_dir)
    problems = []
    for top in ("collectors", "daemon"):
        for directory, _, files in os.walk(os.path.join(source_dir, top)):
            for name in files:
                if not name.endswith((".h", ".cpp", ".in")):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, source_dir)
                parts = relative.split(os.sep)
                if len(parts) == 2 and relative != os.path.join("daemon", "main.cpp"):
                    problems.append(f"{relative}: belongs in a room under {top}/")
                if top != "collectors" or len(parts) < 3:
                    continue
                room = parts[1]
                if room not in allowed:
                    problems.append(f"{relative}: room collectors/{room} has no library in "
                                    "collectors/CMakeLists.txt")
                    continue
                with open(path, encoding="utf-8") as f:
                    includes = INCLUDE_RE.findall(f.read())
                for included in includes:
                    if included.startswith("daemon/"):
                        problems.append(f"{relative}: includes {included}: collectors/ never "
                                        "depends on daemon/")
                    elif included.startswith("collectors/"):
                        target = included.split("/")[1]
                        if target not in allowed[room]:
                            problems.append(
                                f"{relative}: includes {included}, but memwatch_{room} does not "
                                f"link memwatch_{target} (collectors/CMakeLists.txt)")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
