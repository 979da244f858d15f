"""``glossalign batch``: align a corpus of document pairs on this machine or a Dask cluster.

``inputs`` finds the pairs without a hand-written list (``marks``: language marks in file and
folder names; ``walk``: the corpus tree; ``pattern``: ``--pattern`` templates; ``pairing``:
grouping into pairs, every other file listed with its reason) or from a manifest CSV; ``job``
is the task a Dask worker runs on one pair (through ``align.pipeline``); ``runner`` submits
the tasks and streams results back; ``resume`` keeps the manifest that lets a second run skip
finished pairs; ``outputs`` checks every output path before the work and writes each pair's
files and the merged TMX (duplicates merged, ``align.tmclean``); ``summary`` writes the
summaries; ``consistency`` finds source terms rendered differently across documents; ``corpus``
runs it all; ``cli`` is the command.
"""
