"""Each convert transform alone: a small TEI tree in, the one transform run, the tree out."""
