"""Benchmarks over gold corpora: ``corpus`` walks a folder of zh/en/gold files; ``alignment``
(``glossalign bench``), ``segment`` (``bench-segment``) and ``paraphrase``
(``bench-paraphrase``) score one capability each; ``cli`` registers their commands."""
