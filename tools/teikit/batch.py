"""The former name of teikit.parallel, kept only until teikit.export (branch i11-export-tests) imports that."""

from teikit.parallel import Progress, collect_paths, file_size, parse_shard, run_batches, select_shard  # noqa: F401
