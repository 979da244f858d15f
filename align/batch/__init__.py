"""``glossalign batch``: align a corpus of document pairs on this machine or a Dask cluster.

``inputs`` finds the pairs (a folder of ``NAME.zh.EXT``/``NAME.en.EXT``, the bench layout
``zh/NNN.txt`` + ``en/NNN.txt``, or a manifest CSV); ``job`` is the task a Dask worker runs on
one pair (through ``align.pipeline``); ``runner`` submits the tasks and streams results back;
``resume`` keeps the manifest that lets a second run skip finished pairs; ``outputs`` writes
each pair's files, the merged TMX and the summaries; ``consistency`` finds source terms
rendered differently across documents; ``cli`` is the command.
"""
