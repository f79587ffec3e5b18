"""Inlines whose rows cost no query each: a row named after what it refers to (an intake after
its programme), and a select in every row offering the same choices. Django's inline reads
each for every row again, so a page's queries grew with its rows."""


class RowsReadOnce:
    """InlineModelAdmin mixin. row_related: what the rows' names read besides the row."""

    row_related = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.row_related)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Made once a page for the inline's form class; each row's select copies the list.
        # The key to the page's own object is no select: the formset puts its own in.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.related_model is not self.parent_model and hasattr(field, "queryset"):
            field.choices = list(field.choices)
        return field
