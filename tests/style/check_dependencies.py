"""Checks that dependencies point one way, as the CMakeLists.txt of collectors/ and daemon/
declare them.

- Every room is a library: collectors/<room> is memwatch_<room>, daemon/<room> is
  memwatch_daemon_<room>. A room includes only itself and the rooms its library links, directly
  or through them. The unit tests check the same for code where they can (tests/CMakeLists.txt);
  this checks headers, which the linker cannot see.
- So nothing under collectors/ includes daemon/: no collectors library links a daemon one.
- No source file sits directly in collectors/ or daemon/ but daemon/main.cpp, the entry point:
  everything else lives in the room of its concern.

Usage: check_dependencies.py SOURCE_DIR"""

import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
LINK_RE = re.compile(r"target_link_libraries\(\s*(memwatch_\w+)\s+(?:PUBLIC|INTERFACE)\s+([^)]*)\)")
TOPS = ("collectors", "daemon")


def room_of_library(name):
    """memwatch_daemon_http -> daemon/http, memwatch_oom -> collectors/oom."""
    if name.startswith("memwatch_daemon_"):
        return "daemon/" + name[len("memwatch_daemon_"):]
    return "collectors/" + name[len("memwatch_"):]


def declared_rooms(source_dir):
    """Room -> the rooms it may include: itself and what its library links, transitively."""
    direct = {}
    for top in TOPS:
        with open(os.path.join(source_dir, top, "CMakeLists.txt"), encoding="utf-8") as f:
            text = f.read()
        for library, links in LINK_RE.findall(text):
            direct[room_of_library(library)] = {
                room_of_library(name) for name in links.split() if name.startswith("memwatch_")}
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
    for top in TOPS:
        for directory, _, files in os.walk(os.path.join(source_dir, top)):
            for name in files:
                if not name.endswith((".h", ".cpp", ".in")):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, source_dir)
                parts = relative.split(os.sep)
                if len(parts) == 2:
                    if relative != os.path.join("daemon", "main.cpp"):
                        problems.append(f"{relative}: belongs in a room under {top}/")
                    continue
                room = "/".join(parts[:2])
                if room not in allowed:
                    problems.append(f"{relative}: room {room} has no library in "
                                    f"{top}/CMakeLists.txt")
                    continue
                with open(path, encoding="utf-8") as f:
                    includes = INCLUDE_RE.findall(f.read())
                for included in includes:
                    target = "/".join(included.split("/")[:2])
                    if included.split("/")[0] in TOPS and target not in allowed[room]:
                        problems.append(f"{relative}: includes {included}, but the library of "
                                        f"{room} does not link that of {target}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
