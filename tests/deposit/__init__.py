"""The deposit stage: BagIt bags of an edition, their zips and records, and the check of a bag."""
