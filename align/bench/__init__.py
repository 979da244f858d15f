"""Benchmarks over gold corpora: ``corpus`` walks a folder of zh/en/gold files; ``alignment``
(``glossalign bench``), ``segment`` (``bench-segment``), ``paraphrase`` (``bench-paraphrase``)
and ``partial`` (``bench-partial``: perturbed copies with text that has no counterpart) score
one capability each; ``cli`` registers their commands."""
