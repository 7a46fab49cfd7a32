"""A document generated from the code is checked in exactly as its generator writes it today:
this fails, showing the differences and the command that writes it again, when the code it
comes from (say the metric family catalog) changed and the document was not regenerated.

Usage: test_generated_doc.py DOCUMENT GENERATOR; `GENERATOR PATH` writes the document to PATH,
as `scripts/dev.sh docs` runs it."""

import difflib
import os
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCUMENT = None
GENERATOR = None


class GeneratedDocument(unittest.TestCase):
    def test_checked_in_document_is_the_generators_output(self):
        """The file in the source tree and the generator's output are the same bytes."""
        with tempfile.TemporaryDirectory() as scratch:
            output = os.path.join(scratch, os.path.basename(DOCUMENT))
            subprocess.run([GENERATOR, output], check=True, timeout=30)
            with open(output, "rb") as f:
                generated = f.read()
        with open(DOCUMENT, "rb") as f:
            checked_in = f.read()
        if generated == checked_in:
            return
        diff = "".join(difflib.unified_diff(
            checked_in.decode("utf-8", "replace").splitlines(keepends=True),
            generated.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"{os.path.relpath(DOCUMENT, SOURCE_DIR)} (checked in)",
            tofile="generated", n=1))
        self.fail(f"{os.path.relpath(DOCUMENT, SOURCE_DIR)} is not what "
                  f"{os.path.basename(GENERATOR)} writes; regenerate it with\n"
                  f"  scripts/dev.sh docs\n(or: {GENERATOR} {DOCUMENT})\n"
                  f"and commit it. The differences:\n{diff[:6000]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    DOCUMENT, GENERATOR = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1])
