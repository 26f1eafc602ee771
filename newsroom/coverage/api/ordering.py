"""`ordering=` with the values each list allows, refused (400) when it is anything else."""

from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """Order by one of the list's `ordering_fields`, ascending or with `-` descending.

    DRF ignores an ordering it does not know and sorts as usual, so a client's typo went
    unnoticed; here it is a 400 naming the choices, which the schema lists as an enum.
    """

    def allowed(self, view) -> list[str]:
        fields = getattr(view, "ordering_fields", None) or []
        return [value for field in fields for value in (field, f"-{field}")]

    def get_ordering(self, request, queryset, view):
        given = request.query_params.getlist(self.ordering_param)
        if not given:
            return self.get_default_ordering(view)
        allowed = self.allowed(view)
        if len(given) > 1 or given[0] not in allowed:
            raise ValidationError({self.ordering_param: [f"Choose one of: {', '.join(allowed)}."]})
        return [given[0]]

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["enum"] = self.allowed(view)
            parameter["description"] = "Sort by this field; a leading “-” sorts descending."
        return parameters
