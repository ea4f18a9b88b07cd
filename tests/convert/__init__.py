"""The convert stage: each transcription rule on small hand-made transcriptions, each part alone, the edition."""
