"""A generated document in docs/ is what its generator writes now: the generator (DOC_GENERATOR, a
program taking the output path) is run into a temporary directory and its output compared with
the checked-in file (DOC_FILE). So an option added to memwatchd's table, say, cannot be missing
from docs/configuration.md. On a difference the test prints the diff and the command that
regenerates every generated document."""

import difflib
import os
import subprocess
import tempfile
import unittest

REGENERATE = "scripts/dev.sh docs"


class GeneratedDoc(unittest.TestCase):
    def test_checked_in_file_is_the_generator_output(self):
        generator = os.environ["DOC_GENERATOR"]
        checked_in = os.environ["DOC_FILE"]
        with tempfile.TemporaryDirectory(prefix="memwatch-docs-") as directory:
            output = os.path.join(directory, os.path.basename(checked_in))
            subprocess.run([generator, output], check=True, timeout=60)
            with open(output, encoding="utf-8") as f:
                generated = f.read()
        with open(checked_in, encoding="utf-8") as f:
            current = f.read()
        diff = "".join(difflib.unified_diff(current.splitlines(keepends=True),
                                            generated.splitlines(keepends=True),
                                            fromfile=f"{checked_in} (checked in)",
                                            tofile=f"{os.path.basename(generator)} now"))
        self.assertTrue(current == generated,
                        f"{checked_in} differs from what {os.path.basename(generator)} writes; "
                        f"regenerate it with `{REGENERATE}` and commit it:\n{diff}")


if __name__ == "__main__":
    unittest.main()
