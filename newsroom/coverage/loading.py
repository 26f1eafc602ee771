"""Fill in what fixtures leave out: loaddata saves rows raw, past their save()."""


def fill_segment_key(sender, instance, raw=False, **kwargs):
    """Give a paragraph loaded without a key its position as its key."""
    if raw and instance.key is None:
        instance.key = instance.position


def fill_citation_record(sender, instance, raw=False, **kwargs):
    """Let a citation loaded without them keep its transcript and the words it rests on."""
    if raw and instance.segment_id and not instance.transcript_id:
        instance.keep_record_words()
