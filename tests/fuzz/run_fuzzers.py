"""The libFuzzer targets of tests/fuzz under ASan+UBSan: this configures and builds them in a tree
of their own (MEMWATCH_FUZZ=ON, clang), replays every crash fixture of regressions/<name>/, then
fuzzes each target for a bounded time from a copy of its seed corpus (corpus/<name>/ stays as
checked in). Proves that no parser crashes, reads out of bounds or hits undefined behaviour on
the fixtures and on what the fuzzer derives from the seeds in that time."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
import harness  # noqa: E402

FUZZ_DIR = os.path.dirname(os.path.abspath(__file__))
BUILD_DIR = os.environ["MEMWATCH_FUZZ_BUILD_DIR"]
TARGETS = ("meminfo", "vmstat", "pressure", "buddyinfo", "kmsg_record", "oom_kill",
           "journald_conf", "config_file", "web_config")
# Per target: fuzzing time, the slowest single input allowed, and memory, all in libFuzzer's units.
FUZZ_OPTIONS = ("-max_total_time=10", "-timeout=5", "-rss_limit_mb=1024")
BUILD_TIMEOUT_S = 800
RUN_TIMEOUT_S = 120


def build_fuzzers():
    """Configures (once) and builds the fuzz tree; ccache when the environment asks for it."""
    clang = harness.require_tool("clang++")
    configure = ["cmake", "-S", harness.SOURCE_DIR, "-B", BUILD_DIR, "-DMEMWATCH_FUZZ=ON",
                 f"-DCMAKE_CXX_COMPILER={clang}", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"]
    launcher = os.environ.get("CMAKE_CXX_COMPILER_LAUNCHER")
    if launcher:
        configure.append(f"-DCMAKE_CXX_COMPILER_LAUNCHER={launcher}")
    for command in (configure, ["cmake", "--build", BUILD_DIR, "-j2"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def fuzzer_path(name):
    return os.path.join(BUILD_DIR, "tests", "fuzz", f"{name}_fuzzer")


def run_fuzzer(name, args, work_dir):
    """Runs one target; its exit status and its output (the sanitizer's report on a crash)."""
    result = subprocess.run([fuzzer_path(name), f"-artifact_prefix={work_dir}/", *args],
                            cwd=work_dir, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    return result.returncode, result.stderr + result.stdout


def crash_inputs(work_dir):
    return [os.path.join(work_dir, entry) for entry in sorted(os.listdir(work_dir))
            if entry.startswith(("crash-", "leak-", "timeout-", "oom-", "slow-unit-"))]


class ParserFuzzing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        build_fuzzers()

    def setUp(self):
        self.work_dir = tempfile.mkdtemp(prefix="memwatch-fuzz-")
        self.addCleanup(shutil.rmtree, self.work_dir, ignore_errors=True)

    def test_regressions_replay_cleanly(self):
        """Every input a fuzzer once crashed on (regressions/<name>/) runs cleanly now."""
        for name in TARGETS:
            with self.subTest(target=name):
                fixtures = os.path.join(FUZZ_DIR, "regressions", name)
                inputs = [os.path.join(fixtures, entry) for entry in sorted(os.listdir(fixtures))
                          if not entry.startswith(".") and entry != "README.md"]
                if not inputs:
                    continue
                status, output = run_fuzzer(name, inputs, self.work_dir)
                self.assertEqual(status, 0, f"{name} fails on a regression fixture:\n{output}")

    def test_fuzzing_from_the_seeds_finds_no_crash(self):
        """Each target, fuzzed for a bounded time from its seed corpus, neither crashes nor
        trips ASan or UBSan; a failure names the input libFuzzer kept and shows the report."""
        for name in TARGETS:
            with self.subTest(target=name):
                target_dir = os.path.join(self.work_dir, name)
                corpus = os.path.join(target_dir, "corpus")
                shutil.copytree(os.path.join(FUZZ_DIR, "corpus", name), corpus)
                status, output = run_fuzzer(name, [*FUZZ_OPTIONS, corpus], target_dir)
                crashes = crash_inputs(target_dir)
                if status != 0 or crashes:
                    kept = [shutil.copy(path, os.path.join(tempfile.gettempdir(),
                                                           os.path.basename(path)))
                            for path in crashes]
                    self.fail(f"{name}_fuzzer exited with {status}; input(s) kept in {kept} "
                              f"(add them to tests/fuzz/regressions/{name}/):\n{output[-8000:]}")


if __name__ == "__main__":
    harness.main()
