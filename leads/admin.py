from django.contrib import admin

from .models import ChannelRule, Consent, Lead, Submission


@admin.register(ChannelRule)
class ChannelRuleAdmin(admin.ModelAdmin):
    list_display = ["utm_source", "utm_medium", "channel", "order"]
    list_editable = ["order"]
    list_select_related = ["channel"]
    search_fields = ["utm_source", "utm_medium"]


class SubmissionInline(admin.StackedInline):
    model = Submission
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["created_at", "intent", "event", "target_group", "persona", "tone", "message",
              "utm_source", "utm_campaign", "channel", "mail_status"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    date_hierarchy = "created_at"
    readonly_fields = ["first_name", "last_name", "email", "phone", "created_at", "updated_at"]
    fields = [*readonly_fields, "status", "notes"]
    inlines = [SubmissionInline]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    readonly_fields = ["purpose", "given", "privacy_version", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["lead", "intent", "target_group", "channel", "mail_status", "created_at"]
    list_filter = ["intent", "mail_status", "channel"]
    list_select_related = ["lead", "target_group", "channel"]
    search_fields = ["lead__email", "lead__last_name"]
    date_hierarchy = "created_at"
    inlines = [ConsentInline]

    def get_readonly_fields(self, request, obj=None):
        # What a person sent is a record: it is read, never edited.
        return [field.name for field in Submission._meta.fields] + ["programmes"]

    def has_add_permission(self, request):
        return False
