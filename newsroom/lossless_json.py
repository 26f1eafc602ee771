"""Django's JSON serializer without its one loss: microseconds.

DjangoJSONEncoder writes times to the millisecond (ECMA-262), so a dump and load of
an admin log entry or a publication time would not give back the same row. This
module replaces the "json" serialization format (SERIALIZATION_MODULES); reading is
unchanged, as Django's parser already takes full ISO 8601.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as DjangoSerializer

__all__ = ["Deserializer", "Serializer"]


class LosslessEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(DjangoSerializer):
    def _init_options(self):
        self.options.setdefault("cls", LosslessEncoder)
        super()._init_options()
