"""The shared kernel: what several court features and the extraction pipeline (nlp) all rely on.

- `kernel.case_numbers` (with its code table `kernel.case_types`): the one case-number (案号) parser and formatter.
- `kernel.identifiers`: resident ID numbers and unified social credit codes, normalised and checked.
- `kernel.pdf`: the PDF sandbox: pypdf in a limited child process, the intake check and the text reader.

It is plain Python over the standard library (and pypdf in the sandbox's child): it imports none of court, nlp or
storage (import-linter contract), so every one of them may import it.
"""
