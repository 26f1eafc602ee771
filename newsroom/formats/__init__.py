"""Date formats for editors: one, unambiguous, everywhere in admin (lists, forms, widgets).

Readers' pages name their own formats in the templates ("12 October 2023").
"""
