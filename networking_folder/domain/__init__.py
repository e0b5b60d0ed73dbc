"""The folder's vocabulary: plain Python, no Qt and no SQL."""
