"""Revised transcripts: align two versions' paragraphs, find a citation's words again."""
